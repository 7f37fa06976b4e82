package dev.kobjectingest.mapping;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The order KObject's own fields, as mapped from one order event. */
public record OrderPart(String title, ObjectNode custom, ObjectNode data, ArrayNode tags) {}
