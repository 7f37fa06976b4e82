package dev.kobjectingest.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL the ops files carry (the Grafana dashboard's panel queries and the alert rules) and
 * the metric names each one reads, so tests can hold them against what the app really exports.
 */
public final class OpsQueries {
  public static final Path DOCKER = Path.of("..", "docker");
  public static final Path DASHBOARD =
      DOCKER.resolve("grafana").resolve("dashboards").resolve("kobject-ingest.json");
  public static final Path ALERTS = DOCKER.resolve("prometheus").resolve("alerts.yml");

  /** Words of PromQL that look like metric names: aggregations' modifiers, set operators. */
  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "and",
          "or",
          "unless",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "bool",
          "inf",
          "nan");

  private static final Pattern IDENT = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private OpsQueries() {}

  /** One query: where it is (panel or alert) and its expression. */
  public record Query(String where, String expr) {}

  public static List<Query> dashboard() throws IOException {
    JsonNode dash = new ObjectMapper().readTree(DASHBOARD.toFile());
    List<Query> out = new ArrayList<>();
    for (JsonNode panel : dash.path("panels")) {
      for (JsonNode t : panel.path("targets")) {
        out.add(
            new Query(
                "panel '" + panel.path("title").asText() + "' " + t.path("refId").asText(),
                t.path("expr").asText()));
      }
    }
    return out;
  }

  public static List<Query> alerts() throws IOException {
    JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(ALERTS.toFile());
    List<Query> out = new ArrayList<>();
    for (JsonNode group : rules.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        out.add(new Query("alert " + rule.path("alert").asText(), rule.path("expr").asText()));
      }
    }
    return out;
  }

  /** The dashboard's variables replaced by what a live Grafana would send. */
  public static String forPrometheus(String expr) {
    return expr.replace("$__rate_interval", "30s").replace("$instance", ".*");
  }

  /**
   * The metric names an expression reads: identifiers that are neither functions, keywords, label
   * names inside braces or grouping clauses, nor durations.
   */
  public static Set<String> metricNames(String expr) {
    String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\""); // string literals
    s = s.replaceAll("\\{[^}]*}", " "); // label matchers
    s = s.replaceAll("\\[[^]]*]", " "); // ranges and subqueries
    s = s.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new LinkedHashSet<>();
    Matcher m = IDENT.matcher(s);
    while (m.find()) {
      String id = m.group();
      int next = m.end();
      while (next < s.length() && Character.isWhitespace(s.charAt(next))) {
        next++;
      }
      boolean function = next < s.length() && s.charAt(next) == '(';
      boolean number = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
      if (!function && !number && !KEYWORDS.contains(id.toLowerCase(java.util.Locale.ROOT))) {
        names.add(id);
      }
    }
    return names;
  }
}
