package dev.kobjectingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the values of one rule file's YAML nodes (expressions, plain text, the keys allowed),
 * adding each problem as {@code file: rule.path: what is wrong} so that every problem is reported
 * at once. Remembers the rule fields it compiled, which {@code absent.values} may name.
 */
final class RuleNodeReader {
  private final String file;
  private final List<String> problems;

  /** The rule fields of the file ({@code order.custom.totalPriceNum}, ...). */
  private final Set<String> fields = new LinkedHashSet<>();

  RuleNodeReader(String file, List<String> problems) {
    this.file = file;
    this.problems = problems;
  }

  String file() {
    return file;
  }

  /** The rule fields compiled so far, in the order they were read. */
  Set<String> fields() {
    return fields;
  }

  Expression expr(JsonNode parent, String key, String path, boolean required) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      if (required) {
        problem(path, "required");
      }
      return null;
    }
    return exprOf(node, path);
  }

  Expression exprOf(JsonNode node, String path) {
    if (!node.isValueNode()) {
      problem(
          path,
          "must be a JSONata expression (a string), not a "
              + node.getNodeType().name().toLowerCase(Locale.ROOT));
      return null;
    }
    fields.add(path);
    try {
      return Expression.compile(path, node.asText());
    } catch (IllegalArgumentException e) {
      problem(path, e.getMessage());
      return null;
    }
  }

  String text(JsonNode parent, String key, String path, boolean required) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull() || node.asText().isBlank()) {
      if (required) {
        problem(path, "required");
      }
      return null;
    }
    if (!node.isValueNode()) {
      problem(path, "must be a plain value");
      return null;
    }
    return node.asText().trim();
  }

  void onlyKeys(JsonNode node, String path, String... allowed) {
    if (!node.isObject()) {
      problem(path, "must be a mapping");
      return;
    }
    Set<String> ok = Set.of(allowed);
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!ok.contains(e.getKey())) {
        problem(
            path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
            "unknown key (allowed here: " + String.join(", ", allowed) + ")");
      }
    }
  }

  void problem(String path, String message) {
    problems.add(file + ": " + (path.isEmpty() ? "" : path + ": ") + message);
  }
}
