package dev.kobjectingest.mapping;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What one order says about its customer, for the customer's profile: the attributes the rules own
 * (as Kustomer takes them: {@code name}, {@code locale}, {@code custom: {...}}), only those with a
 * value, and the order's measures for the aggregates ({@code SUM}: a number, {@code LATEST}: an ISO
 * instant), by aggregate name, and the version of the order event they come from (the newest
 * order's attributes win).
 */
public record CustomerFacts(ObjectNode attributes, ObjectNode measures, long version) {
  public CustomerFacts {
    attributes = attributes == null ? JsonNodeFactory.instance.objectNode() : attributes;
    measures = measures == null ? JsonNodeFactory.instance.objectNode() : measures;
  }

  public static CustomerFacts empty() {
    return new CustomerFacts(null, null, Long.MIN_VALUE);
  }
}
