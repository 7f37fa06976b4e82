package dev.kobjectingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies one {@link SourceRule} to one raw payload. Pure: no Kafka, no I/O, no clock. Not
 * thread-safe (it owns compiled expressions); build one per thread from {@link SourceRule#copy()}.
 */
public final class EventMapper {
  private static final ObjectMapper JSON = Payloads.JSON;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_ID = 256;

  /** The most events one record may split into; more is a dead letter of the record. */
  public static final int MAX_EVENTS_PER_RECORD = 1_000;

  private final SourceRule rule;

  public EventMapper(SourceRule rule) {
    this.rule = rule;
  }

  public SourceRule rule() {
    return rule;
  }

  /**
   * Maps a record whose rule yields exactly one event (no {@code split}, no {@code when} that skips
   * it); every way it can fail is a {@link MappingException} with a reason and a field.
   */
  public MappedEvent map(byte[] payload) throws MappingException {
    MappedRecord r = mapRecord(payload);
    for (MappedRecord.Outcome o : r.outcomes()) {
      if (o instanceof MappedRecord.Failed f) {
        throw f.error();
      }
    }
    if (r.outcomes().size() != 1 || !(r.outcomes().get(0) instanceof MappedRecord.Mapped m)) {
      throw new MappingException(
          MappingException.Reason.RULE_VIOLATION,
          "",
          "the record yields " + r.outcomes().size() + " events, or was skipped; use mapRecord");
    }
    return m.event();
  }

  /**
   * Maps one raw record: its events (one, or one per element with {@code split}), each mapped,
   * skipped or failed on its own. Never throws: every failure is an outcome with a reason.
   */
  public MappedRecord mapRecord(byte[] payload) {
    Object input;
    try {
      input = Payloads.parse(payload);
    } catch (MappingException e) {
      return new MappedRecord(List.of(new MappedRecord.Failed(-1, e)));
    }
    if (rule.split() == null) {
      if (!(input instanceof Map)) {
        return new MappedRecord(List.of(new MappedRecord.Failed(-1, notAnObject(input))));
      }
      return new MappedRecord(List.of(event(-1, input, Map.of("order", input))));
    }
    if (!(input instanceof Map) && !(input instanceof List)) {
      return new MappedRecord(
          List.of(
              new MappedRecord.Failed(
                  -1,
                  new MappingException(
                      MappingException.Reason.INVALID_JSON,
                      "",
                      "payload is neither a JSON object nor an array: it is " + kindOf(input)))));
    }
    List<?> elements;
    try {
      Object selected = rule.split().evaluate(input, Map.of("record", input));
      // One element comes back as itself, not as a list of one: the shape must not depend on it.
      elements =
          selected == null ? List.of() : selected instanceof List<?> l ? l : List.of(selected);
    } catch (MappingException e) {
      return new MappedRecord(List.of(new MappedRecord.Failed(-1, e)));
    }
    if (elements.size() > MAX_EVENTS_PER_RECORD) {
      return new MappedRecord(
          List.of(
              new MappedRecord.Failed(
                  -1,
                  new MappingException(
                      MappingException.Reason.RULE_VIOLATION,
                      "split",
                      elements.size()
                          + " events in one record, over the limit of "
                          + MAX_EVENTS_PER_RECORD))));
    }
    if (elements.isEmpty()) {
      // Nothing to map (an order without products): counted as skipped, never silently gone.
      return new MappedRecord(
          List.of(
              new MappedRecord.Skipped(
                  -1, "split: " + rule.split().source() + " selects no elements")));
    }
    List<MappedRecord.Outcome> out = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      Object e = elements.get(i);
      if (e instanceof Map) {
        out.add(event(i, e, Map.of("order", e, "record", input)));
      } else {
        out.add(
            new MappedRecord.Failed(
                i,
                new MappingException(
                        MappingException.Reason.INVALID_JSON,
                        "split",
                        "the element is "
                            + kindOf(e)
                            + ", not a JSON object: split must select objects")
                    .at("element " + i)));
      }
    }
    return new MappedRecord(out);
  }

  private MappedRecord.Outcome event(int element, Object input, Map<String, Object> vars) {
    try {
      if (rule.when() != null
          && !com.dashjoin.jsonata.Jsonata.boolize(rule.when().evaluate(input, vars))) {
        return new MappedRecord.Skipped(element, "when: " + rule.when().source() + " is false");
      }
      List<String> dropped = new ArrayList<>();
      return new MappedRecord.Mapped(element, event(input, vars, dropped), dropped);
    } catch (MappingException e) {
      return new MappedRecord.Failed(element, element < 0 ? e : e.at("element " + element));
    }
  }

  private MappedEvent event(Object input, Map<String, Object> vars, List<String> dropped)
      throws MappingException {
    String orderId = id(rule.orderId(), input, vars);
    long version = version(input, vars);
    return switch (rule.kind()) {
      case ORDER -> orderEvent(input, vars, orderId, version, dropped);
      case SHIPMENT ->
          new MappedEvent(
              RuleKind.SHIPMENT,
              orderId,
              version,
              null,
              null,
              null,
              false,
              null,
              List.of(element(rule.shipments(), input, vars, "")));
      case LINE_ITEM -> lineItemEvent(input, vars, orderId, version);
    };
  }

  private static MappingException notAnObject(Object input) {
    String hint =
        input instanceof List
            ? ": it is a JSON array; to map each element as an event, give the rule split: $"
            : ": it is " + kindOf(input);
    return new MappingException(
        MappingException.Reason.INVALID_JSON, "", "payload is not a JSON object" + hint);
  }

  private static String kindOf(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof List) {
      return "an array";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    return "an object";
  }

  private MappedEvent orderEvent(
      Object input, Map<String, Object> vars, String orderId, long version, List<String> dropped)
      throws MappingException {
    CustomerIdentity customer = customer(input, vars, dropped);
    ObjectMapping o = rule.order();
    String title = title(o.title(), input, vars, "order.title");
    OrderPart order =
        new OrderPart(
            title,
            custom(o.custom(), input, vars),
            data(o.data(), input, vars),
            tags(o.tags(), input, vars));
    List<ElementPart> items = elements(rule.items(), input, vars, "items");
    List<ElementPart> shipments = elements(rule.shipments(), input, vars, "shipments");
    return new MappedEvent(
        RuleKind.ORDER,
        orderId,
        version,
        customer,
        order,
        items,
        rule.items() != null,
        null,
        shipments);
  }

  private MappedEvent lineItemEvent(
      Object input, Map<String, Object> vars, String orderId, long version)
      throws MappingException {
    CollectionMapping m = rule.items();
    if (m.remove() != null) {
      Object remove = value(m.remove(), input, vars);
      if (remove != null && Coercion.bool(remove, "remove")) {
        return new MappedEvent(
            RuleKind.LINE_ITEM,
            orderId,
            version,
            null,
            null,
            null,
            false,
            List.of(id(m.id(), input, vars)),
            null);
      }
    }
    return new MappedEvent(
        RuleKind.LINE_ITEM,
        orderId,
        version,
        null,
        null,
        List.of(element(m, input, vars, "item")),
        false,
        null,
        null);
  }

  private List<ElementPart> elements(
      CollectionMapping m, Object input, Map<String, Object> vars, String path)
      throws MappingException {
    if (m == null) {
      return List.of();
    }
    Object list = m.from().evaluate(input, vars);
    List<ElementPart> out = new ArrayList<>();
    // JSONata yields a single value, not a one-element list, when a path matches once.
    List<?> elements = list == null ? List.of() : list instanceof List<?> l ? l : List.of(list);
    for (Object e : elements) {
      out.add(element(m, e, vars, path));
    }
    long distinct = out.stream().map(ElementPart::id).distinct().count();
    if (distinct != out.size()) {
      throw new MappingException(
          MappingException.Reason.RULE_VIOLATION,
          path + ".id",
          "two " + path + " have the same id");
    }
    return out;
  }

  private ElementPart element(
      CollectionMapping m, Object input, Map<String, Object> vars, String path)
      throws MappingException {
    String prefix = path.isEmpty() ? "" : path + ".";
    String id = id(m.id(), input, vars);
    ObjectMapping o = m.object();
    String title =
        o.title() == null ? null : optionalText(o.title(), input, vars, prefix + "title");
    ObjectNode data = data(o.data(), input, vars);
    JsonNode dataValue = o.data().whole() != null ? data.get("value") : data;
    return new ElementPart(
        id,
        title,
        custom(o.custom(), input, vars),
        dataValue == null ? NODES.nullNode() : dataValue,
        custom(m.orderCustom(), input, vars));
  }

  /**
   * Who the order belongs to. A key that is missing, empty, a sentinel, or a phone that cannot be
   * read is left out; only when no key is left is the event dead-lettered, naming all three.
   */
  private CustomerIdentity customer(Object input, Map<String, Object> vars, List<String> dropped)
      throws MappingException {
    CustomerMapping c = rule.customer();
    List<String> why = new ArrayList<>();
    String externalId = null;
    if (c.externalId() == null) {
      why.add("the rule maps no externalId");
    } else {
      Expression.Traced t =
          c.externalId()
              .evaluateTraced(input, vars, v -> rule.absent().isAbsent("customer.externalId", v));
      if (t.missingOperand() != null) {
        why.add("externalId would be built around a missing value (" + t.missingOperand() + ")");
      } else if (rule.absent().isAbsent("customer.externalId", t.value())) {
        why.add("externalId " + absence(t.value()));
      } else {
        externalId = Coercion.text(t.value(), "customer.externalId").trim();
      }
    }
    String email = keyText(c.email(), input, vars, "email", why);
    String phoneText = keyText(c.phone(), input, vars, "phone", why);
    String name = optionalText(c.name(), input, vars, "customer.name");
    if (email != null) {
      email = email.trim().toLowerCase(Locale.ROOT);
      if (!email.matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")) {
        throw new MappingException(
            MappingException.Reason.INVALID_VALUE, "customer.email", "not an email address");
      }
    }
    String phone = null;
    if (phoneText != null) {
      phone = Phones.e164(phoneText, c.phoneRegion());
      if (phone == null) {
        dropped.add("customer.phone");
        why.add(
            "phone cannot be read as a phone number"
                + (c.phoneRegion() == null
                    ? " (no phoneRegion: only numbers with + and a country code are read)"
                    : " in region " + c.phoneRegion()));
      }
    }
    if (externalId != null && externalId.length() > 255) {
      throw new MappingException(
          MappingException.Reason.RULE_VIOLATION,
          "customer.externalId",
          "longer than 255 characters");
    }
    if (name != null && name.length() > 256) {
      name = name.substring(0, 256);
    }
    if (externalId == null && email == null && phone == null) {
      throw new MappingException(
          MappingException.Reason.MISSING_FIELD,
          "customer",
          "no usable identity: " + String.join("; ", why));
    }
    return new CustomerIdentity(externalId, email, phone, name);
  }

  /** An identity key's text, or null with the reason added to {@code why}. */
  private String keyText(
      Expression e, Object input, Map<String, Object> vars, String key, List<String> why)
      throws MappingException {
    if (e == null) {
      why.add("the rule maps no " + key);
      return null;
    }
    Object v = e.evaluate(input, vars);
    if (rule.absent().isAbsent(e.field(), v)) {
      why.add(key + " " + absence(v));
      return null;
    }
    return Coercion.text(v, e.field());
  }

  /** Why a value counts as missing, without repeating customer data. */
  private static String absence(Object v) {
    if (v == null) {
      return "is missing";
    }
    if (v instanceof String s && s.isBlank()) {
      return "is empty";
    }
    return "is a value the rule lists as absent";
  }

  private long version(Object input, Map<String, Object> vars) throws MappingException {
    Object v = rule.version().evaluate(input, vars);
    if (rule.absent().isAbsent("version", v)) {
      throw new MappingException(
          MappingException.Reason.MISSING_FIELD,
          "version",
          "the payload has no version (it " + absence(v) + ")");
    }
    if (v instanceof Number n) {
      BigDecimal d = Numbers.decimal(n);
      if (d == null || d.signum() < 0 || d.stripTrailingZeros().scale() > 0) {
        throw new MappingException(
            MappingException.Reason.INVALID_VALUE,
            "version",
            "a numeric version must be a whole number >= 0",
            v);
      }
      try {
        return d.longValueExact();
      } catch (ArithmeticException e) {
        throw new MappingException(
            MappingException.Reason.INVALID_VALUE, "version", "the version is out of range", v);
      }
    }
    if (v instanceof String s && s.trim().matches("^\\d{1,18}$")) {
      return Long.parseLong(s.trim());
    }
    return Coercion.instant(v, "version", rule.timeZone()).toEpochMilli();
  }

  /**
   * An id (order, item, shipment): present, and not built around a missing value ({@code 'bc-' &
   * $string(order_id)} without an order id is missing, not {@code "bc-"}).
   */
  private String id(Expression e, Object input, Map<String, Object> vars) throws MappingException {
    Expression.Traced t =
        e.evaluateTraced(
            input,
            vars,
            v -> (v instanceof String s && s.isBlank()) || rule.absent().isAbsent(e.field(), v));
    if (t.missingOperand() != null) {
      throw new MappingException(
          MappingException.Reason.MISSING_FIELD,
          e.field(),
          "the id would be built around a missing value: "
              + t.missingOperand()
              + " is missing (ids are made from present values only)");
    }
    Object v = t.value();
    if (v == null
        || (v instanceof String s && s.isBlank())
        || rule.absent().isAbsent(e.field(), v)) {
      throw new MappingException(
          MappingException.Reason.MISSING_FIELD,
          e.field(),
          "the payload has no value for it (it " + absence(v) + ")");
    }
    if (v instanceof Map || v instanceof List) {
      throw new MappingException(
          MappingException.Reason.INVALID_VALUE,
          e.field(),
          "an id must be a string or number, not " + kindOf(v),
          v);
    }
    String id = Coercion.text(v, e.field()).trim();
    if (id.length() > MAX_ID) {
      throw new MappingException(
          MappingException.Reason.RULE_VIOLATION,
          e.field(),
          "longer than Kustomer's 256 characters for an externalId");
    }
    return id;
  }

  private String title(Expression e, Object input, Map<String, Object> vars, String field)
      throws MappingException {
    String t = optionalText(e, input, vars, field);
    if (t == null || t.isBlank()) {
      throw new MappingException(
          MappingException.Reason.MISSING_FIELD, field, "the title is empty");
    }
    return t;
  }

  /** An expression's value, or null when the rule counts it as missing. */
  private Object value(Expression e, Object input, Map<String, Object> vars)
      throws MappingException {
    return rule.absent().orNull(e.field(), e.evaluate(input, vars));
  }

  private String optionalText(Expression e, Object input, Map<String, Object> vars, String field)
      throws MappingException {
    if (e == null) {
      return null;
    }
    Object v = rule.absent().orNull(field, e.evaluate(input, vars));
    return v == null ? null : Coercion.text(v, field);
  }

  private ObjectNode custom(Map<String, Expression> custom, Object input, Map<String, Object> vars)
      throws MappingException {
    ObjectNode out = NODES.objectNode();
    for (Map.Entry<String, Expression> e : custom.entrySet()) {
      Expression ex = e.getValue();
      out.set(
          e.getKey(),
          Coercion.coerce(e.getKey(), value(ex, input, vars), ex.field(), rule.timeZone()));
    }
    return out;
  }

  /** The data object; a whole-value mapping is returned under {@code value}. */
  private static ObjectNode data(DataMapping m, Object input, Map<String, Object> vars)
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

  private static ArrayNode tags(Expression e, Object input, Map<String, Object> vars)
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
}
