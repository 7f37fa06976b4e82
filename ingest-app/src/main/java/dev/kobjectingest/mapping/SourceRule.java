package dev.kobjectingest.mapping;

/**
 * The mapping of one source topic, as loaded from one file of {@code mapping-rules/}. Immutable;
 * {@link #copy()} gives a thread its own compiled expressions.
 *
 * @param file the file it came from, for error messages
 * @param customer who the customer is (order rules only)
 * @param order the order KObject's own fields (order rules only)
 * @param items the order's line items: a list in an order payload, or the one item of a line-item
 *     event
 * @param shipments the order's shipments: a list in an order payload, or the one shipment of a
 *     shipment event
 */
public record SourceRule(
    String file,
    String topic,
    RuleKind kind,
    Expression orderId,
    Expression version,
    CustomerMapping customer,
    ObjectMapping order,
    CollectionMapping items,
    CollectionMapping shipments) {

  public SourceRule copy() {
    return new SourceRule(
        file,
        topic,
        kind,
        orderId.copy(),
        version.copy(),
        customer == null ? null : customer.copy(),
        order == null ? null : order.copy(),
        items == null ? null : items.copy(),
        shipments == null ? null : shipments.copy());
  }
}
