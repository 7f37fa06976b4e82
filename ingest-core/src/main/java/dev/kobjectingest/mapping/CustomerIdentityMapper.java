package dev.kobjectingest.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who an order belongs to. A key that is missing, empty, a sentinel, or a phone that cannot be read
 * is left out; only when no key is left is the event dead-lettered, naming why for all three.
 */
final class CustomerIdentityMapper {
  private final CustomerMapping customer;
  private final RuleValues values;

  CustomerIdentityMapper(CustomerMapping customer, RuleValues values) {
    this.customer = customer;
    this.values = values;
  }

  /** The identity; a phone that cannot be read is added to {@code dropped}. */
  CustomerIdentity map(Object input, Map<String, Object> vars, List<String> dropped)
      throws MappingException {
    List<String> why = new ArrayList<>();
    String externalId = externalId(input, vars, why);
    String email = keyText(customer.email(), input, vars, "email", why);
    String phoneText = keyText(customer.phone(), input, vars, "phone", why);
    String name = values.optionalText(customer.name(), input, vars, "customer.name");
    if (email != null) {
      email = email.trim().toLowerCase(Locale.ROOT);
      if (!email.matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")) {
        throw new MappingException(
            MappingException.Reason.INVALID_VALUE, "customer.email", "not an email address");
      }
    }
    String phone = null;
    if (phoneText != null) {
      phone = Phones.e164(phoneText, customer.phoneRegion());
      if (phone == null) {
        dropped.add("customer.phone");
        why.add(
            "phone cannot be read as a phone number"
                + (customer.phoneRegion() == null
                    ? " (no phoneRegion: only numbers with + and a country code are read)"
                    : " in region " + customer.phoneRegion()));
      }
    }
    if (externalId != null && externalId.length() > 255) {
      throw new MappingException(
          MappingException.Reason.RULE_VIOLATION,
          "customer.externalId",
          "longer than 255 characters");
    }
    if (name != null && name.length() > 256) {
      name = Coercion.cut(name, 256);
    }
    if (externalId == null && email == null && phone == null) {
      throw new MappingException(
          MappingException.Reason.MISSING_FIELD,
          "customer",
          "no usable identity: " + String.join("; ", why));
    }
    return new CustomerIdentity(externalId, email, phone, name);
  }

  /**
   * The externalId, or null with the reason added to {@code why}: like an id, it is never built
   * around a missing value.
   */
  private String externalId(Object input, Map<String, Object> vars, List<String> why)
      throws MappingException {
    if (customer.externalId() == null) {
      why.add("the rule maps no externalId");
      return null;
    }
    AbsentValues absent = values.absent();
    Expression.Traced t =
        customer
            .externalId()
            .evaluateTraced(input, vars, v -> absent.isAbsent("customer.externalId", v));
    if (t.missingOperand() != null) {
      why.add("externalId would be built around a missing value (" + t.missingOperand() + ")");
      return null;
    }
    if (absent.isAbsent("customer.externalId", t.value())) {
      why.add("externalId " + RuleValues.absence(t.value()));
      return null;
    }
    return Coercion.text(t.value(), "customer.externalId").trim();
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
    if (values.absent().isAbsent(e.field(), v)) {
      why.add(key + " " + RuleValues.absence(v));
      return null;
    }
    return Coercion.text(v, e.field());
  }
}
