package dev.kobjectingest.mapping;

/** Where an order payload says who the customer is; any identity may be absent, not all of them. */
public record CustomerMapping(
    Expression externalId, Expression email, Expression phone, Expression name) {
  CustomerMapping copy() {
    return new CustomerMapping(copy(externalId), copy(email), copy(phone), copy(name));
  }

  private static Expression copy(Expression e) {
    return e == null ? null : e.copy();
  }
}
