package dev.kobjectingest.mapping;

/**
 * Where an order payload says who the customer is; any identity may be absent, not all of them.
 *
 * @param phoneRegion the region of phone numbers written without a country code ({@code US}), or
 *     null: then only numbers with {@code +} and a country code can be read
 */
public record CustomerMapping(
    Expression externalId,
    Expression email,
    Expression phone,
    Expression name,
    String phoneRegion) {
  CustomerMapping copy() {
    return new CustomerMapping(copy(externalId), copy(email), copy(phone), copy(name), phoneRegion);
  }

  private static Expression copy(Expression e) {
    return e == null ? null : e.copy();
  }
}
