package dev.kobjectingest.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kobjectingest.support.Json;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses one rule file: the keys every kind of rule has (topic, kind, ids, {@code split}, {@code
 * when}, {@code timeZone}, {@code absent}), and its kind's own sections ({@link RuleKindSections}).
 */
final class RuleFileParser {
  /** Keys every kind of rule may have. */
  static final List<String> COMMON =
      List.of(
          "topic",
          "kind",
          "description",
          "orderId",
          "version",
          "split",
          "when",
          "absent",
          "timeZone");

  private static final ObjectMapper YAML = Json.YAML;
  private static final Pattern TOPIC = Pattern.compile("^[a-zA-Z0-9._-]{1,249}$");

  private final RuleNodeReader nodes;
  private final RuleDefaults defaults;

  RuleFileParser(String file, List<String> problems, RuleDefaults defaults) {
    this.nodes = new RuleNodeReader(file, problems);
    this.defaults = defaults;
  }

  /** The file's rule, or null when its problems leave no rule (they are reported). */
  SourceRule parse(String text) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      nodes.problem("", "not valid YAML: " + e.getOriginalMessage() + locationOf(e));
      return null;
    }
    if (root == null || !root.isObject()) {
      nodes.problem("", "a rule file must be a YAML mapping");
      return null;
    }
    String topic = nodes.text(root, "topic", "topic", true);
    if (topic != null && !TOPIC.matcher(topic).matches()) {
      nodes.problem("topic", "'" + topic + "' is not a valid Kafka topic name");
    }
    RuleKind kind = kind(root);
    Expression orderId = nodes.expr(root, "orderId", "orderId", true);
    Expression version = nodes.expr(root, "version", "version", true);
    Expression split = nodes.expr(root, "split", "split", false);
    Expression when = nodes.expr(root, "when", "when", false);
    ZoneId zone = zone(root);
    if (kind == null) {
      return null;
    }
    RuleKindSections.Sections sections = new RuleKindSections(nodes, defaults).read(kind, root);
    // Read last: it may name any field of the rule.
    AbsentValues absent = AbsentValuesReader.read(nodes, root.get("absent"));
    if (topic == null || orderId == null || version == null || sections == null) {
      return null;
    }
    return new SourceRule(
        nodes.file(),
        topic,
        kind,
        orderId,
        version,
        sections.customer(),
        sections.order(),
        sections.items(),
        sections.shipments(),
        split,
        when,
        absent,
        zone);
  }

  private RuleKind kind(JsonNode root) {
    String text = nodes.text(root, "kind", "kind", true);
    if (text == null) {
      return null;
    }
    try {
      return RuleKind.parse(text);
    } catch (IllegalArgumentException e) {
      nodes.problem("kind", e.getMessage());
      return null;
    }
  }

  private ZoneId zone(JsonNode root) {
    String text = nodes.text(root, "timeZone", "timeZone", false);
    if (text == null) {
      return null;
    }
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      nodes.problem(
          "timeZone",
          "'" + text + "' is not a time zone (e.g. America/Chicago, Europe/Berlin, UTC)");
      return null;
    }
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }
}
