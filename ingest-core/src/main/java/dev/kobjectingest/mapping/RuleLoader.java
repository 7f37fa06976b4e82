package dev.kobjectingest.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kobjectingest.support.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads {@code mapping-rules/*.yaml} into an immutable {@link RuleSet}, checking everything that
 * can be checked before a payload is seen, and reporting every problem at once with file, rule path
 * and reason. The format is described in {@code mapping-rules/README.md}.
 */
public final class RuleLoader {
  public static final String DEFAULT_ITEMS_FIELD = "lineItems";
  public static final String DEFAULT_SHIPMENTS_FIELD = "shipments";
  static final int MAX_CUSTOM = 100;

  private static final ObjectMapper YAML = Json.YAML;
  private static final Pattern ATTRIBUTE = Pattern.compile("^[a-z][A-Za-z0-9]*$");
  private static final Pattern TOPIC = Pattern.compile("^[a-zA-Z0-9._-]{1,249}$");
  private static final Set<String> SUFFIXES = Set.of("Str", "Txt", "Num", "At", "Bool", "Url");

  /** Keys every kind of rule may have. */
  private static final List<String> COMMON =
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

  private final RuleDefaults defaults;
  private final List<String> problems = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private String file = "";

  /** The rule fields of the file being loaded ({@code order.custom.totalPriceNum}, ...). */
  private final Set<String> fields = new LinkedHashSet<>();

  private RuleLoader(RuleDefaults defaults) {
    this.defaults = defaults;
  }

  /** Loads every {@code .yaml}/{@code .yml} file of {@code dir}. */
  public static RuleSet load(Path dir) throws RuleProblems {
    return load(dir, RuleDefaults.none());
  }

  /**
   * Loads every {@code .yaml}/{@code .yml} file of {@code dir}, with the configuration's defaults.
   */
  public static RuleSet load(Path dir, RuleDefaults defaults) throws RuleProblems {
    if (!Files.isDirectory(dir)) {
      throw new RuleProblems(List.of(dir + ": not a directory of mapping rules"));
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml$")).sorted().toList();
    } catch (IOException e) {
      throw new RuleProblems(List.of(dir + ": cannot be read: " + e.getMessage()));
    }
    Map<String, String> sources = new LinkedHashMap<>();
    for (Path f : files) {
      try {
        sources.put(f.getFileName().toString(), Files.readString(f));
      } catch (IOException e) {
        throw new RuleProblems(List.of(f + ": cannot be read: " + e.getMessage()));
      }
    }
    return fromSources(sources, defaults);
  }

  /** Loads rules given as file name to YAML text (for tests and previews). */
  public static RuleSet fromSources(Map<String, String> sources) throws RuleProblems {
    return fromSources(sources, RuleDefaults.none());
  }

  /** Loads rules given as file name to YAML text, with the configuration's defaults. */
  public static RuleSet fromSources(Map<String, String> sources, RuleDefaults defaults)
      throws RuleProblems {
    RuleLoader loader = new RuleLoader(defaults);
    if (defaults.phoneRegion() != null && !Phones.isRegion(defaults.phoneRegion())) {
      loader.problems.add(
          "phone region '" + defaults.phoneRegion() + "' is not a region code such as US or DE");
    }
    Map<String, SourceRule> byTopic = new LinkedHashMap<>();
    if (sources.isEmpty()) {
      loader.problems.add("no rule files (*.yaml) found");
    }
    for (Map.Entry<String, String> e : sources.entrySet()) {
      loader.file = e.getKey();
      loader.fields.clear();
      SourceRule rule = loader.parseFile(e.getValue());
      if (rule == null) {
        continue;
      }
      SourceRule previous = byTopic.putIfAbsent(rule.topic(), rule);
      if (previous != null) {
        loader.problems.add(
            e.getKey() + ": topic: '" + rule.topic() + "' is already mapped by " + previous.file());
      }
    }
    loader.checkSet(byTopic);
    if (!loader.problems.isEmpty()) {
      throw new RuleProblems(loader.problems);
    }
    return new RuleSet(byTopic, loader.warnings);
  }

  private void checkSet(Map<String, SourceRule> byTopic) {
    if (!byTopic.isEmpty()
        && byTopic.values().stream().noneMatch(r -> r.kind() == RuleKind.ORDER)) {
      problems.add("no rule of kind 'order': without one no order KObject is ever written");
    }
    Set<String> orderCustom = new LinkedHashSet<>();
    for (SourceRule r : byTopic.values()) {
      if (r.order() != null) {
        orderCustom.addAll(r.order().custom().keySet());
      }
      if (r.shipments() != null) {
        orderCustom.addAll(r.shipments().orderCustom().keySet());
      }
    }
    if (orderCustom.size() > MAX_CUSTOM) {
      problems.add(
          "all rules together set "
              + orderCustom.size()
              + " custom attributes on the order, over Kustomer's limit of "
              + MAX_CUSTOM);
    }
  }

  private SourceRule parseFile(String text) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      problem("", "not valid YAML: " + e.getOriginalMessage() + locationOf(e));
      return null;
    }
    if (root == null || !root.isObject()) {
      problem("", "a rule file must be a YAML mapping");
      return null;
    }
    String topic = text(root, "topic", "topic", true);
    if (topic != null && !TOPIC.matcher(topic).matches()) {
      problem("topic", "'" + topic + "' is not a valid Kafka topic name");
    }
    String kindText = text(root, "kind", "kind", true);
    RuleKind kind = null;
    if (kindText != null) {
      try {
        kind = RuleKind.parse(kindText);
      } catch (IllegalArgumentException e) {
        problem("kind", e.getMessage());
      }
    }
    Expression orderId = expr(root, "orderId", "orderId", true);
    Expression version = expr(root, "version", "version", true);
    Expression split = expr(root, "split", "split", false);
    Expression when = expr(root, "when", "when", false);
    java.time.ZoneId zone = zone(root);
    if (kind == null) {
      return null;
    }
    SourceRule rule =
        switch (kind) {
          case ORDER -> orderRule(root, topic, orderId, version);
          case SHIPMENT -> shipmentRule(root, topic, orderId, version);
          case LINE_ITEM -> lineItemRule(root, topic, orderId, version);
        };
    AbsentValues absent = absent(root.get("absent"));
    if (topic == null || orderId == null || version == null || rule == null) {
      return null;
    }
    SourceRule full =
        new SourceRule(
            file,
            topic,
            kind,
            orderId,
            version,
            rule.customer(),
            rule.order(),
            rule.items(),
            rule.shipments(),
            split,
            when,
            absent,
            zone);
    warnAboutIds(full);
    return full;
  }

  private java.time.ZoneId zone(JsonNode root) {
    String text = text(root, "timeZone", "timeZone", false);
    if (text == null) {
      return null;
    }
    try {
      return java.time.ZoneId.of(text);
    } catch (java.time.DateTimeException e) {
      problem(
          "timeZone",
          "'" + text + "' is not a time zone (e.g. America/Chicago, Europe/Berlin, UTC)");
      return null;
    }
  }

  /**
   * {@code absent: {emptyStrings: true|false, values: {rule.field: [sentinel, ...]}}}: which values
   * count as missing. The fields must be fields of this rule, or groups of them ({@code
   * order.custom}).
   */
  private AbsentValues absent(JsonNode node) {
    if (node == null || node.isNull()) {
      return AbsentValues.defaults();
    }
    onlyKeys(node, "absent", "emptyStrings", "values");
    if (!node.isObject()) {
      return AbsentValues.defaults();
    }
    boolean emptyStrings = true;
    JsonNode e = node.get("emptyStrings");
    if (e != null) {
      if (e.isBoolean()) {
        emptyStrings = e.booleanValue();
      } else {
        problem("absent.emptyStrings", "must be true or false");
      }
    }
    Map<String, List<String>> sentinels = new LinkedHashMap<>();
    JsonNode values = node.get("values");
    if (values != null && !values.isNull()) {
      if (!values.isObject()) {
        problem("absent.values", "must map rule fields to the values that mean none");
      } else {
        for (Map.Entry<String, JsonNode> v : values.properties()) {
          String field = v.getKey();
          String at = "absent.values." + field;
          if (fields.stream().noneMatch(f -> f.equals(field) || f.startsWith(field + "."))) {
            problem(
                at,
                "not a field of this rule (fields: "
                    + String.join(", ", fields)
                    + ", or a group such as order.custom)");
          }
          List<String> list = new ArrayList<>();
          for (JsonNode item : v.getValue().isArray() ? v.getValue() : List.of(v.getValue())) {
            if (!item.isValueNode() || item.isNull()) {
              problem(at, "sentinels are plain values (numbers, strings, booleans)");
            } else {
              list.add(
                  AbsentValues.canonical(item.isNumber() ? item.decimalValue() : item.asText()));
            }
          }
          sentinels.put(field, list);
        }
      }
    }
    return new AbsentValues(emptyStrings, sentinels);
  }

  /**
   * Warns where an id concatenates fields: an event without one of them is dead-lettered
   * (missing-field), which may surprise; a customer externalId simply drops out of the identity.
   */
  private void warnAboutIds(SourceRule rule) {
    List<Expression> ids = new ArrayList<>();
    ids.add(rule.orderId());
    if (rule.items() != null) {
      ids.add(rule.items().id());
    }
    if (rule.shipments() != null) {
      ids.add(rule.shipments().id());
    }
    for (Expression id : ids) {
      try {
        Map<String, Object> empty = Map.of();
        String missing =
            id.evaluateTraced(
                    empty,
                    Map.of("order", empty, "record", empty),
                    v -> v instanceof String s && s.isBlank())
                .missingOperand();
        if (missing != null) {
          warnings.add(
              file
                  + ": "
                  + id.field()
                  + ": "
                  + id.source()
                  + " concatenates "
                  + missing
                  + ", which may be missing: such an event is dead-lettered (missing-field),"
                  + " never given an id built around nothing");
        }
      } catch (MappingException e) {
        // Fails on an empty payload: nothing to say about concatenation.
      }
    }
    if (rule.customer() != null
        && rule.customer().phone() != null
        && rule.customer().phoneRegion() == null) {
      warnings.add(
          file
              + ": customer.phone: no phoneRegion here or in the configuration (rules.phone-region):"
              + " only numbers written with + and a country code are read; others are dropped from"
              + " the identity");
    }
  }

  private SourceRule orderRule(
      JsonNode root, String topic, Expression orderId, Expression version) {
    onlyKeys(root, "", with(COMMON, "customer", "order", "items", "shipments"));
    CustomerMapping customer = null;
    JsonNode c = root.get("customer");
    if (c == null || !c.isObject()) {
      problem(
          "customer",
          "required: where the payload says who the customer is (externalId, email, phone, name)");
    } else {
      onlyKeys(c, "customer", "externalId", "email", "phone", "name", "phoneRegion");
      String region = text(c, "phoneRegion", "customer.phoneRegion", false);
      if (region != null && !Phones.isRegion(region)) {
        problem(
            "customer.phoneRegion",
            "'" + region + "' is not a region code such as US, GB or DE (ISO 3166, two letters)");
      }
      customer =
          new CustomerMapping(
              expr(c, "externalId", "customer.externalId", false),
              expr(c, "email", "customer.email", false),
              expr(c, "phone", "customer.phone", false),
              expr(c, "name", "customer.name", false),
              region == null
                  ? defaults.phoneRegion() == null
                      ? null
                      : defaults.phoneRegion().toUpperCase(java.util.Locale.ROOT)
                  : region.toUpperCase(java.util.Locale.ROOT));
      if (customer.externalId() == null && customer.email() == null && customer.phone() == null) {
        problem("customer", "needs at least one of externalId, email, phone");
      }
    }
    JsonNode o = root.get("order");
    ObjectMapping order = null;
    if (o == null || !o.isObject()) {
      problem("order", "required: the order KObject's title, custom, data and tags");
    } else {
      onlyKeys(o, "order", "title", "custom", "data", "tags");
      order = objectMapping(o, "order", true);
    }
    CollectionMapping items = null;
    JsonNode i = root.get("items");
    if (i != null) {
      onlyKeys(i, "items", "from", "id", "title", "custom", "data", "dataField");
      items =
          new CollectionMapping(
              expr(i, "from", "items.from", true),
              expr(i, "id", "items.id", true),
              objectMapping(i, "items", true),
              Map.of(),
              null,
              dataField(i, "items", DEFAULT_ITEMS_FIELD));
    }
    CollectionMapping shipments = null;
    JsonNode s = root.get("shipments");
    if (s != null) {
      onlyKeys(s, "shipments", "from", "id", "custom", "data", "dataField");
      shipments =
          new CollectionMapping(
              expr(s, "from", "shipments.from", true),
              expr(s, "id", "shipments.id", true),
              new ObjectMapping(null, Map.of(), data(s, "shipments.data"), null),
              custom(s.get("custom"), "shipments.custom"),
              null,
              dataField(s, "shipments", DEFAULT_SHIPMENTS_FIELD));
    }
    if (order != null && items != null && order.data().fields().containsKey(items.dataField())) {
      problem("items.dataField", "'" + items.dataField() + "' is also a key of order.data");
    }
    return new SourceRule(
        file,
        topic,
        RuleKind.ORDER,
        orderId,
        version,
        customer,
        order,
        items,
        shipments,
        null,
        null,
        null,
        null);
  }

  private SourceRule shipmentRule(
      JsonNode root, String topic, Expression orderId, Expression version) {
    onlyKeys(root, "", with(COMMON, "shipmentId", "order", "data", "dataField"));
    Expression id = expr(root, "shipmentId", "shipmentId", true);
    Map<String, Expression> orderCustom = Map.of();
    JsonNode o = root.get("order");
    if (o != null) {
      onlyKeys(o, "order", "custom");
      orderCustom = custom(o.get("custom"), "order.custom");
    }
    CollectionMapping shipments =
        new CollectionMapping(
            null,
            id,
            new ObjectMapping(null, Map.of(), data(root, "data"), null),
            orderCustom,
            null,
            dataField(root, "", DEFAULT_SHIPMENTS_FIELD));
    return id == null
        ? null
        : new SourceRule(
            file,
            topic,
            RuleKind.SHIPMENT,
            orderId,
            version,
            null,
            null,
            null,
            shipments,
            null,
            null,
            null,
            null);
  }

  private SourceRule lineItemRule(
      JsonNode root, String topic, Expression orderId, Expression version) {
    onlyKeys(root, "", with(COMMON, "itemId", "remove", "item", "dataField"));
    Expression id = expr(root, "itemId", "itemId", true);
    JsonNode i = root.get("item");
    ObjectMapping item = null;
    if (i == null || !i.isObject()) {
      problem("item", "required: the item's title, custom and data");
    } else {
      onlyKeys(i, "item", "title", "custom", "data");
      item = objectMapping(i, "item", true);
    }
    if (id == null || item == null) {
      return null;
    }
    CollectionMapping items =
        new CollectionMapping(
            null,
            id,
            item,
            Map.of(),
            expr(root, "remove", "remove", false),
            dataField(root, "", DEFAULT_ITEMS_FIELD));
    return new SourceRule(
        file,
        topic,
        RuleKind.LINE_ITEM,
        orderId,
        version,
        null,
        null,
        items,
        null,
        null,
        null,
        null,
        null);
  }

  private ObjectMapping objectMapping(JsonNode node, String path, boolean titleRequired) {
    return new ObjectMapping(
        expr(node, "title", path + ".title", titleRequired),
        custom(node.get("custom"), path + ".custom"),
        data(node, path + ".data"),
        expr(node, "tags", path + ".tags", false));
  }

  private Map<String, Expression> custom(JsonNode node, String path) {
    Map<String, Expression> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      problem(path, "must be a mapping of attribute name to expression");
      return out;
    }
    if (node.size() > MAX_CUSTOM) {
      problem(path, node.size() + " attributes, over Kustomer's limit of " + MAX_CUSTOM);
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String name = e.getKey();
      String at = path + "." + name;
      String suffix = Coercion.suffixOf(name);
      if (!ATTRIBUTE.matcher(name).matches()) {
        problem(at, "attribute names are camelCase letters and digits");
      } else if (suffix == null || !SUFFIXES.contains(suffix)) {
        problem(
            at,
            "attribute name must end in a Kustomer type suffix "
                + SUFFIXES.stream().sorted().toList());
      } else if (name.endsWith("Rel") || name.endsWith("Id")) {
        problem(at, "Rel and Id attributes are managed by the pipeline, not by rules");
      }
      Expression ex = exprOf(e.getValue(), at);
      if (ex != null) {
        out.put(name, ex);
      }
    }
    return out;
  }

  private DataMapping data(JsonNode parent, String path) {
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
            problem(path + "." + e.getKey(), "a list key needs a name before []");
          }
        }
        if (dataFields.containsKey(key)) {
          problem(path + "." + e.getKey(), "'" + key + "' is given twice");
        }
        Expression ex = exprOf(e.getValue(), path + "." + key);
        if (ex != null) {
          dataFields.put(key, ex);
        }
      }
      return new DataMapping(null, dataFields, lists);
    }
    return new DataMapping(exprOf(node, path), Map.of());
  }

  private String dataField(JsonNode node, String path, String fallback) {
    String at = path.isEmpty() ? "dataField" : path + ".dataField";
    String v = text(node, "dataField", at, false);
    if (v != null && !ATTRIBUTE.matcher(v.replace("_", "")).matches()) {
      problem(at, "must be a plain key such as lineItems or line_items");
    }
    return v == null ? fallback : v;
  }

  private Expression expr(JsonNode parent, String key, String path, boolean required) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      if (required) {
        problem(path, "required");
      }
      return null;
    }
    return exprOf(node, path);
  }

  private Expression exprOf(JsonNode node, String path) {
    if (!node.isValueNode()) {
      problem(
          path,
          "must be a JSONata expression (a string), not a "
              + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
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

  private String text(JsonNode parent, String key, String path, boolean required) {
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

  private static String[] with(List<String> common, String... more) {
    List<String> all = new ArrayList<>(common);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  private void onlyKeys(JsonNode node, String path, String... allowed) {
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

  private void problem(String path, String message) {
    problems.add(file + ": " + (path.isEmpty() ? "" : path + ": ") + message);
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
