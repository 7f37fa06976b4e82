package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A parsed search filter, evaluated against a stored document (a customer's or a KObject's
 * attributes as the client wrote them). Clauses combine as Elasticsearch's bool query does, which
 * Kustomer's search sits on: {@code and} needs all, {@code or} one (an empty {@code or} needs
 * nothing: the OpenAPI example sends {@code "or": []}), {@code not} none.
 */
sealed interface SearchCriterion {
  boolean matches(JsonNode doc);

  /** Every part matches. */
  record All(List<SearchCriterion> parts) implements SearchCriterion {
    @Override
    public boolean matches(JsonNode doc) {
      return parts.stream().allMatch(p -> p.matches(doc));
    }
  }

  /** At least one part matches, or there are none. */
  record Any(List<SearchCriterion> parts) implements SearchCriterion {
    @Override
    public boolean matches(JsonNode doc) {
      return parts.isEmpty() || parts.stream().anyMatch(p -> p.matches(doc));
    }
  }

  /** No part matches. */
  record None(List<SearchCriterion> parts) implements SearchCriterion {
    @Override
    public boolean matches(JsonNode doc) {
      return parts.stream().noneMatch(p -> p.matches(doc));
    }
  }

  /**
   * One of the document's values for an attribute equals the expected value: text after {@code
   * normalize} (case-folded emails, digits-only phones), numbers by value, booleans as such.
   */
  record Equals(
      Function<JsonNode, List<JsonNode>> values, UnaryOperator<String> normalize, JsonNode expected)
      implements SearchCriterion {
    @Override
    public boolean matches(JsonNode doc) {
      for (JsonNode value : values.apply(doc)) {
        if (value.isArray()) {
          for (JsonNode item : value) {
            if (same(item)) {
              return true;
            }
          }
        } else if (same(value)) {
          return true;
        }
      }
      return false;
    }

    private boolean same(JsonNode value) {
      if (value.isTextual() && expected.isTextual()) {
        return normalize.apply(value.asText()).equals(normalize.apply(expected.asText()));
      }
      if (value.isNumber() && expected.isNumber()) {
        return value.decimalValue().compareTo(expected.decimalValue()) == 0;
      }
      return value.isBoolean() && expected.isBoolean() && value.asBoolean() == expected.asBoolean();
    }
  }
}
