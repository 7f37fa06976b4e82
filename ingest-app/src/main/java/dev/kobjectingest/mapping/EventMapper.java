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

  private final SourceRule rule;

  public EventMapper(SourceRule rule) {
    this.rule = rule;
  }

  public SourceRule rule() {
    return rule;
  }

  /**
   * Maps a payload; every way it can fail is a {@link MappingException} with a reason and a field.
   */
  public MappedEvent map(byte[] payload) throws MappingException {
    Object input = Payloads.parse(payload);
    if (!(input instanceof Map)) {
      throw new MappingException(
          MappingException.Reason.INVALID_JSON, "", "payload is not a JSON object");
    }
    Map<String, Object> vars = Map.of("order", input);
    String orderId = id(rule.orderId(), input, vars);
    long version = version(input, vars);
    return switch (rule.kind()) {
      case ORDER -> orderEvent(input, vars, orderId, version);
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

  private MappedEvent orderEvent(
      Object input, Map<String, Object> vars, String orderId, long version)
      throws MappingException {
    CustomerIdentity customer = customer(input, vars);
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
      Object remove = m.remove().evaluate(input, vars);
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

  private CustomerIdentity customer(Object input, Map<String, Object> vars)
      throws MappingException {
    CustomerMapping c = rule.customer();
    String externalId = optionalText(c.externalId(), input, vars, "customer.externalId");
    String email = optionalText(c.email(), input, vars, "customer.email");
    String phone = optionalText(c.phone(), input, vars, "customer.phone");
    String name = optionalText(c.name(), input, vars, "customer.name");
    if (email != null) {
      email = email.trim().toLowerCase(Locale.ROOT);
      if (!email.matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")) {
        throw new MappingException(
            MappingException.Reason.INVALID_VALUE, "customer.email", "not an email address");
      }
    }
    if (phone != null) {
      String digits = phone.replaceAll("[^0-9]", "");
      if (digits.length() < 7 || digits.length() > 15) {
        throw new MappingException(
            MappingException.Reason.INVALID_VALUE, "customer.phone", "not a phone number");
      }
      phone = digits;
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
          "no externalId, email or phone in the payload");
    }
    return new CustomerIdentity(externalId, email, phone, name);
  }

  private long version(Object input, Map<String, Object> vars) throws MappingException {
    Object v = rule.version().evaluate(input, vars);
    if (v == null) {
      throw new MappingException(
          MappingException.Reason.MISSING_FIELD, "version", "the payload has no version");
    }
    if (v instanceof Number n) {
      BigDecimal d = Numbers.decimal(n);
      if (d == null || d.signum() < 0 || d.stripTrailingZeros().scale() > 0) {
        throw new MappingException(
            MappingException.Reason.INVALID_VALUE,
            "version",
            "a numeric version must be a whole number >= 0");
      }
      try {
        return d.longValueExact();
      } catch (ArithmeticException e) {
        throw new MappingException(
            MappingException.Reason.INVALID_VALUE, "version", "the version is out of range");
      }
    }
    if (v instanceof String s && s.trim().matches("^\\d{1,18}$")) {
      return Long.parseLong(s.trim());
    }
    return Coercion.instant(v, "version").toEpochMilli();
  }

  private static String id(Expression e, Object input, Map<String, Object> vars)
      throws MappingException {
    Object v = e.evaluate(input, vars);
    if (v == null || (v instanceof String s && s.isBlank())) {
      throw new MappingException(
          MappingException.Reason.MISSING_FIELD, e.field(), "the payload has no value for it");
    }
    if (v instanceof Map || v instanceof List) {
      throw new MappingException(
          MappingException.Reason.INVALID_VALUE, e.field(), "an id must be a string or number");
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

  private static String title(Expression e, Object input, Map<String, Object> vars, String field)
      throws MappingException {
    String t = optionalText(e, input, vars, field);
    if (t == null || t.isBlank()) {
      throw new MappingException(
          MappingException.Reason.MISSING_FIELD, field, "the title is empty");
    }
    return t;
  }

  private static String optionalText(
      Expression e, Object input, Map<String, Object> vars, String field) throws MappingException {
    if (e == null) {
      return null;
    }
    Object v = e.evaluate(input, vars);
    return v == null ? null : Coercion.text(v, field);
  }

  private static ObjectNode custom(
      Map<String, Expression> custom, Object input, Map<String, Object> vars)
      throws MappingException {
    ObjectNode out = NODES.objectNode();
    for (Map.Entry<String, Expression> e : custom.entrySet()) {
      out.set(
          e.getKey(),
          Coercion.coerce(e.getKey(), e.getValue().evaluate(input, vars), e.getValue().field()));
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
      if (v != null) {
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
