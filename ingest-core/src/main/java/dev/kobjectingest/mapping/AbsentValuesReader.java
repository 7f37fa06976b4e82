package dev.kobjectingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a rule's {@code absent: {emptyStrings: true|false, values: {rule.field: [sentinel, ...]}}}:
 * which values count as missing. The fields must be fields of this rule, or groups of them ({@code
 * order.custom}), so it is read after every other section.
 */
final class AbsentValuesReader {
  private AbsentValuesReader() {}

  static AbsentValues read(RuleNodeReader nodes, JsonNode node) {
    if (node == null || node.isNull()) {
      return AbsentValues.defaults();
    }
    nodes.onlyKeys(node, "absent", "emptyStrings", "values");
    if (!node.isObject()) {
      return AbsentValues.defaults();
    }
    boolean emptyStrings = true;
    JsonNode e = node.get("emptyStrings");
    if (e != null) {
      if (e.isBoolean()) {
        emptyStrings = e.booleanValue();
      } else {
        nodes.problem("absent.emptyStrings", "must be true or false");
      }
    }
    Map<String, List<String>> sentinels = new LinkedHashMap<>();
    JsonNode values = node.get("values");
    if (values != null && !values.isNull()) {
      if (!values.isObject()) {
        nodes.problem("absent.values", "must map rule fields to the values that mean none");
      } else {
        for (Map.Entry<String, JsonNode> v : values.properties()) {
          sentinels.put(v.getKey(), sentinels(nodes, v.getKey(), v.getValue()));
        }
      }
    }
    return new AbsentValues(emptyStrings, sentinels);
  }

  /** The sentinels given for one rule field (or group), in the form they are compared in. */
  private static List<String> sentinels(RuleNodeReader nodes, String field, JsonNode given) {
    String at = "absent.values." + field;
    if (nodes.fields().stream().noneMatch(f -> f.equals(field) || f.startsWith(field + "."))) {
      nodes.problem(
          at,
          "not a field of this rule (fields: "
              + String.join(", ", nodes.fields())
              + ", or a group such as order.custom)");
    }
    List<String> list = new ArrayList<>();
    for (JsonNode item : given.isArray() ? given : List.of(given)) {
      if (!item.isValueNode() || item.isNull()) {
        nodes.problem(at, "sentinels are plain values (numbers, strings, booleans)");
      } else {
        list.add(AbsentValues.canonical(item.isNumber() ? item.decimalValue() : item.asText()));
      }
    }
    return list;
  }
}
