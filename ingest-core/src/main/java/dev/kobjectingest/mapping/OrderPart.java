package dev.kobjectingest.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The order KObject's own fields, as mapped from one order event, and what the same event says
 * about its customer ({@code customerFacts}, null when the rules keep nothing current on
 * customers): both are the newest order event's, so latest-wins per order applies to both.
 */
public record OrderPart(
    String title,
    ObjectNode custom,
    ObjectNode data,
    ArrayNode tags,
    @JsonInclude(JsonInclude.Include.NON_NULL) CustomerFacts customerFacts) {
  public OrderPart(String title, ObjectNode custom, ObjectNode data, ArrayNode tags) {
    this(title, custom, data, tags, null);
  }
}
