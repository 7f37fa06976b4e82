package dev.kobjectingest.mapping;

import java.util.List;

/**
 * One source event after its rule was applied: typed, coerced, and small enough to travel through a
 * repartition topic. Order events carry the complete item list when their rule maps items ({@code
 * itemsComplete}); line-item and shipment events carry their one element.
 *
 * @param version the event's own version (epoch millis for timestamps) that latest-wins compares
 * @param removedItemIds items this event removes (line-item removals)
 * @param origin where the raw event was read (null where unknown, as in previews)
 */
public record MappedEvent(
    RuleKind kind,
    String orderId,
    long version,
    CustomerIdentity customer,
    OrderPart order,
    List<ElementPart> items,
    boolean itemsComplete,
    List<String> removedItemIds,
    List<ElementPart> shipments,
    Origin origin) {

  public MappedEvent {
    items = items == null ? List.of() : List.copyOf(items);
    removedItemIds = removedItemIds == null ? List.of() : List.copyOf(removedItemIds);
    shipments = shipments == null ? List.of() : List.copyOf(shipments);
  }

  /** An event whose origin is not known yet (the mapper's result; the topology adds it). */
  public MappedEvent(
      RuleKind kind,
      String orderId,
      long version,
      CustomerIdentity customer,
      OrderPart order,
      List<ElementPart> items,
      boolean itemsComplete,
      List<String> removedItemIds,
      List<ElementPart> shipments) {
    this(
        kind,
        orderId,
        version,
        customer,
        order,
        items,
        itemsComplete,
        removedItemIds,
        shipments,
        null);
  }

  /** The same event, read at {@code origin}. */
  public MappedEvent withOrigin(Origin origin) {
    return new MappedEvent(
        kind,
        orderId,
        version,
        customer,
        order,
        items,
        itemsComplete,
        removedItemIds,
        shipments,
        origin);
  }
}
