package dev.kobjectingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One item or shipment of an order, as mapped from one event.
 *
 * @param custom the item KObject's custom attributes (Rel model)
 * @param orderCustom attributes this element sets on the order (a shipment's tracking)
 */
public record ElementPart(
    String id, String title, ObjectNode custom, JsonNode data, ObjectNode orderCustom) {}
