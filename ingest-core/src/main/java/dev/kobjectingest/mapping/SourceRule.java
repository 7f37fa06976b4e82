package dev.kobjectingest.mapping;

import java.time.ZoneId;

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
 * @param split null, or where a record's events are (each element of the list it yields is mapped
 *     as its own event, with {@code $record} bound to the whole record)
 * @param when null, or whether an event applies: events for which it is false are skipped, not
 *     dead-lettered
 * @param absent which values count as missing before coercion
 * @param timeZone the zone of date-times written without an offset (UTC unless the rule names one)
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
    CollectionMapping shipments,
    Expression split,
    Expression when,
    AbsentValues absent,
    ZoneId timeZone) {

  public SourceRule {
    absent = absent == null ? AbsentValues.defaults() : absent;
    timeZone = timeZone == null ? java.time.ZoneOffset.UTC : timeZone;
  }

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
        shipments == null ? null : shipments.copy(),
        split == null ? null : split.copy(),
        when == null ? null : when.copy(),
        absent,
        timeZone);
  }

  /** The rule's name in metrics and messages: its file name without the extension. */
  public String name() {
    return file.replaceFirst("\\.ya?ml$", "");
  }
}
