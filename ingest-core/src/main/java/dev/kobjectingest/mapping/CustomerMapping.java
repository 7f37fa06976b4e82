package dev.kobjectingest.mapping;

/**
 * Where an order payload says who the customer is; any identity may be absent, not all of them.
 *
 * @param phoneRegion the region of phone numbers written without a country code ({@code US}), or
 *     null: then only numbers with {@code +} and a country code can be read
 * @param profile what the rule keeps current on the customer (attributes, aggregates)
 */
public record CustomerMapping(
    Expression externalId,
    Expression email,
    Expression phone,
    Expression name,
    String phoneRegion,
    CustomerProfileMapping profile) {
  public CustomerMapping {
    profile = profile == null ? CustomerProfileMapping.none() : profile;
  }

  CustomerMapping copy() {
    return new CustomerMapping(
        copy(externalId), copy(email), copy(phone), copy(name), phoneRegion, profile.copy());
  }

  private static Expression copy(Expression e) {
    return e == null ? null : e.copy();
  }
}
