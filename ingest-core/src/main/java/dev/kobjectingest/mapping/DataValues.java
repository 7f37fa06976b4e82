package dev.kobjectingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** The JSON an event carries as it is, without coercion: a KObject's {@code data} and its tags. */
final class DataValues {
  private static final ObjectMapper JSON = Payloads.JSON;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private DataValues() {}

  /** The data object; a whole-value mapping is returned under {@code value}. */
  static ObjectNode data(DataMapping m, Object input, Map<String, Object> vars)
      throws MappingException {
    ObjectNode out = NODES.objectNode();
    if (m.whole() != null) {
      out.set("value", json(m.whole().evaluate(input, vars), m.whole().field()));
      return out;
    }
    for (Map.Entry<String, Expression> e : m.fields().entrySet()) {
      Object v = e.getValue().evaluate(input, vars);
      if (m.lists().contains(e.getKey())) {
        // Declared a list: the same shape for none, one and many (JSONata makes one a value).
        out.set(
            e.getKey(),
            json(v == null ? List.of() : v instanceof List ? v : List.of(v), e.getValue().field()));
      } else if (v != null) {
        out.set(e.getKey(), json(v, e.getValue().field()));
      }
    }
    return out;
  }

  static ArrayNode tags(Expression e, Object input, Map<String, Object> vars)
      throws MappingException {
    ArrayNode out = NODES.arrayNode();
    if (e == null) {
      return out;
    }
    Object v = e.evaluate(input, vars);
    List<?> values = v == null ? List.of() : v instanceof List<?> l ? l : List.of(v);
    for (Object t : values) {
      if (t != null) {
        String tag = Coercion.text(t, e.field()).trim();
        if (!tag.isEmpty()) {
          out.add(tag);
        }
      }
    }
    return out;
  }

  /**
   * A value for {@code data}, which Kustomer stores as JSON: non-finite numbers (a payload's {@code
   * 1e400}) cannot be written as JSON, and an expression may yield something that is not data at
   * all (a function).
   */
  private static JsonNode json(Object value, String field) throws MappingException {
    JsonNode node;
    try {
      node = JSON.valueToTree(value);
    } catch (IllegalArgumentException e) {
      throw new MappingException(
          MappingException.Reason.RULE_VIOLATION, field, "the expression yields no JSON value");
    }
    if (!finite(node)) {
      throw new MappingException(
          MappingException.Reason.INVALID_VALUE, field, "holds a number JSON cannot represent");
    }
    return node;
  }

  private static boolean finite(JsonNode node) {
    if (node.isFloatingPointNumber()) {
      return Double.isFinite(node.doubleValue());
    }
    if (node.isBigInteger()) {
      return Double.isFinite(node.doubleValue());
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        if (!finite(child)) {
          return false;
        }
      }
    }
    return true;
  }
}
