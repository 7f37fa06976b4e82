package dev.kobjectingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads what a rule writes on a KObject or into the order's {@code data}: {@code title}, {@code
 * custom} attributes (checked against Kustomer's naming and limits), {@code data}, {@code tags},
 * and the {@code dataField} key that lists items or shipments.
 */
final class ObjectMappingReader {
  private static final Pattern ATTRIBUTE = Pattern.compile("^[a-z][A-Za-z0-9]*$");
  private static final Set<String> SUFFIXES = Set.of("Str", "Txt", "Num", "At", "Bool", "Url");

  private final RuleNodeReader nodes;

  ObjectMappingReader(RuleNodeReader nodes) {
    this.nodes = nodes;
  }

  ObjectMapping objectMapping(JsonNode node, String path, boolean titleRequired) {
    return new ObjectMapping(
        nodes.expr(node, "title", path + ".title", titleRequired),
        custom(node.get("custom"), path + ".custom"),
        data(node, path + ".data"),
        nodes.expr(node, "tags", path + ".tags", false));
  }

  Map<String, Expression> custom(JsonNode node, String path) {
    Map<String, Expression> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      nodes.problem(path, "must be a mapping of attribute name to expression");
      return out;
    }
    if (node.size() > RuleLoader.MAX_CUSTOM) {
      nodes.problem(
          path, node.size() + " attributes, over Kustomer's limit of " + RuleLoader.MAX_CUSTOM);
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String name = e.getKey();
      String at = path + "." + name;
      String suffix = Coercion.suffixOf(name);
      if (!ATTRIBUTE.matcher(name).matches()) {
        nodes.problem(at, "attribute names are camelCase letters and digits");
      } else if (suffix == null || !SUFFIXES.contains(suffix)) {
        nodes.problem(
            at,
            "attribute name must end in a Kustomer type suffix "
                + SUFFIXES.stream().sorted().toList());
      } else if (name.endsWith("Rel") || name.endsWith("Id")) {
        nodes.problem(at, "Rel and Id attributes are managed by the pipeline, not by rules");
      }
      Expression ex = nodes.exprOf(e.getValue(), at);
      if (ex != null) {
        out.put(name, ex);
      }
    }
    return out;
  }

  DataMapping data(JsonNode parent, String path) {
    JsonNode node = parent.get("data");
    if (node == null || node.isNull()) {
      return DataMapping.empty();
    }
    if (node.isObject()) {
      Map<String, Expression> dataFields = new LinkedHashMap<>();
      Set<String> lists = new LinkedHashSet<>();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        String key = e.getKey();
        // "shippingLines[]" declares a list: always an array, for one element as for many.
        if (key.endsWith("[]")) {
          key = key.substring(0, key.length() - 2);
          lists.add(key);
          if (key.isEmpty()) {
            nodes.problem(path + "." + e.getKey(), "a list key needs a name before []");
          }
        }
        if (dataFields.containsKey(key)) {
          nodes.problem(path + "." + e.getKey(), "'" + key + "' is given twice");
        }
        Expression ex = nodes.exprOf(e.getValue(), path + "." + key);
        if (ex != null) {
          dataFields.put(key, ex);
        }
      }
      return new DataMapping(null, dataFields, lists);
    }
    return new DataMapping(nodes.exprOf(node, path), Map.of());
  }

  String dataField(JsonNode node, String path, String fallback) {
    String at = path.isEmpty() ? "dataField" : path + ".dataField";
    String v = nodes.text(node, "dataField", at, false);
    if (v != null && !ATTRIBUTE.matcher(v.replace("_", "")).matches()) {
      nodes.problem(at, "must be a plain key such as lineItems or line_items");
    }
    return v == null ? fallback : v;
  }
}
