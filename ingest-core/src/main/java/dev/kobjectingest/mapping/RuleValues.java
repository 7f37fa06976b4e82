package dev.kobjectingest.mapping;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Reads an event's values as its rule says: ids, the version, titles and texts, custom attributes;
 * each with the rule's absent values (a sentinel is as missing as a missing field) and its time
 * zone. Every value that cannot be used is a {@link MappingException} naming the rule field.
 */
final class RuleValues {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_ID = 256;

  private final SourceRule rule;

  RuleValues(SourceRule rule) {
    this.rule = rule;
  }

  AbsentValues absent() {
    return rule.absent();
  }

  long version(Object input, Map<String, Object> vars) throws MappingException {
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
  String id(Expression e, Object input, Map<String, Object> vars) throws MappingException {
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

  String title(Expression e, Object input, Map<String, Object> vars, String field)
      throws MappingException {
    String t = optionalText(e, input, vars, field);
    if (t == null || t.isBlank()) {
      throw new MappingException(
          MappingException.Reason.MISSING_FIELD, field, "the title is empty");
    }
    return t;
  }

  /** An expression's value, or null when the rule counts it as missing. */
  Object value(Expression e, Object input, Map<String, Object> vars) throws MappingException {
    return rule.absent().orNull(e.field(), e.evaluate(input, vars));
  }

  String optionalText(Expression e, Object input, Map<String, Object> vars, String field)
      throws MappingException {
    if (e == null) {
      return null;
    }
    Object v = rule.absent().orNull(field, e.evaluate(input, vars));
    return v == null ? null : Coercion.text(v, field);
  }

  ObjectNode custom(Map<String, Expression> custom, Object input, Map<String, Object> vars)
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

  /** Why a value counts as missing, without repeating customer data. */
  static String absence(Object v) {
    if (v == null) {
      return "is missing";
    }
    if (v instanceof String s && s.isBlank()) {
      return "is empty";
    }
    return "is a value the rule lists as absent";
  }

  /** What a payload value is, for messages ("an array", "a string", ...). */
  static String kindOf(Object value) {
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
}
