package dev.kobjectingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * Reads an order rule's {@code customer} section: where the payload says who the customer is, and
 * the region of phone numbers written without a country code (the rule's, else the
 * configuration's).
 */
final class CustomerSectionReader {
  private CustomerSectionReader() {}

  /** The customer mapping, or null when the section is missing (a problem). */
  static CustomerMapping read(RuleNodeReader nodes, JsonNode root, RuleDefaults defaults) {
    JsonNode c = root.get("customer");
    if (c == null || !c.isObject()) {
      nodes.problem(
          "customer",
          "required: where the payload says who the customer is (externalId, email, phone, name)");
      return null;
    }
    nodes.onlyKeys(
        c,
        "customer",
        "externalId",
        "email",
        "phone",
        "name",
        "phoneRegion",
        "attributes",
        "aggregates");
    String region = nodes.text(c, "phoneRegion", "customer.phoneRegion", false);
    if (region != null && !Phones.isRegion(region)) {
      nodes.problem(
          "customer.phoneRegion",
          "'" + region + "' is not a region code such as US, GB or DE (ISO 3166, two letters)");
    }
    CustomerMapping customer =
        new CustomerMapping(
            nodes.expr(c, "externalId", "customer.externalId", false),
            nodes.expr(c, "email", "customer.email", false),
            nodes.expr(c, "phone", "customer.phone", false),
            nodes.expr(c, "name", "customer.name", false),
            region == null
                ? defaults.phoneRegion() == null
                    ? null
                    : defaults.phoneRegion().toUpperCase(Locale.ROOT)
                : region.toUpperCase(Locale.ROOT),
            new CustomerProfileReader(nodes).read(c));
    if (customer.externalId() == null && customer.email() == null && customer.phone() == null) {
      nodes.problem("customer", "needs at least one of externalId, email, phone");
    }
    return customer;
  }
}
