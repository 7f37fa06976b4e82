package dev.kobjectingest.mapping;

/**
 * A payload that the rules cannot turn into a valid write: the reason becomes a dead letter, never
 * a silent null. {@link #field()} names where in the rule it happened ({@code
 * order.custom.totalPriceNum}).
 */
public final class MappingException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The dead-letter reason classes of the mapping stage (docs/design.md 5.3). */
  public enum Reason {
    /** The payload is not JSON. */
    INVALID_JSON("invalid-json"),
    /** A required value is missing (order id, version, identity, title). */
    MISSING_FIELD("missing-field"),
    /** A value cannot be coerced to its attribute's type. */
    INVALID_VALUE("invalid-value"),
    /** The result would break a Kustomer limit, or an expression failed. */
    RULE_VIOLATION("rule-violation");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private final Reason reason;
  private final String field;
  private final transient Object value;

  public MappingException(Reason reason, String field, String message) {
    this(reason, field, message, null);
  }

  /**
   * With the offending value, which {@code rules preview} shows; dead letters carry only the
   * message (they must not copy customer data).
   */
  public MappingException(Reason reason, String field, String message, Object value) {
    this(field.isEmpty() ? message : field + ": " + message, reason, field, value);
  }

  private MappingException(String fullMessage, Reason reason, String field, Object value) {
    super(fullMessage, null, false, false);
    this.reason = reason;
    this.field = field;
    this.value = value;
  }

  /** The value that failed, where one did (null for a missing value). */
  public Object value() {
    return value;
  }

  /** The same failure, its message prefixed with where in a split record it happened. */
  public MappingException at(String where) {
    return new MappingException(where + ": " + getMessage(), reason, field, value);
  }

  public Reason reason() {
    return reason;
  }

  public String field() {
    return field;
  }
}
