package dev.kobjectingest.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies an event to an order's state, latest wins by the events' own versions: each part (the
 * order's own fields, each item, each shipment) moves only to an equal or newer version, so late,
 * duplicated or replayed older events never regress it. At an equal version the later arrival wins;
 * a true duplicate changes nothing.
 */
public final class OrderStateMerger {
  private OrderStateMerger() {}

  /** The state after {@code event}; the same instance when nothing changed. */
  public static OrderState apply(OrderState state, MappedEvent event) {
    long v = event.version();
    OrderPart order = state.order();
    CustomerIdentity customer = state.customer();
    long orderVersion = state.orderVersion();
    Origin origin = state.origin();
    Map<String, ElementState> items = mergeItems(state, event);
    Map<String, ElementState> shipments = new LinkedHashMap<>(state.shipments());

    if (event.kind() == RuleKind.ORDER && v >= orderVersion) {
      order = event.order();
      customer = event.customer();
      orderVersion = v;
      origin = event.origin() == null ? origin : event.origin();
    }
    for (ElementPart shipment : event.shipments()) {
      upsert(shipments, shipment, v);
    }

    OrderState next =
        new OrderState(
            state.orderId(),
            orderVersion,
            order,
            customer,
            items,
            shipments,
            state.changes(),
            state.eventTime(),
            origin,
            state.replayedAt());
    if (sameContent(state, next)) {
      return state;
    }
    return new OrderState(
        next.orderId(),
        orderVersion,
        order,
        customer,
        items,
        shipments,
        state.changes() + 1,
        state.eventTime(),
        origin,
        state.replayedAt());
  }

  /** The items after {@code event}: upserted, removed, and in the newest order event's order. */
  private static Map<String, ElementState> mergeItems(OrderState state, MappedEvent event) {
    long v = event.version();
    Map<String, ElementState> items = new LinkedHashMap<>(state.items());
    for (ElementPart item : event.items()) {
      upsert(items, item, v);
    }
    if (event.itemsComplete()) {
      // An order event lists all of its items: those it does not list are gone, as of its version.
      Set<String> listed = event.items().stream().map(ElementPart::id).collect(Collectors.toSet());
      for (String id : List.copyOf(items.keySet())) {
        if (!listed.contains(id)) {
          remove(items, id, v);
        }
      }
    }
    if (event.itemsComplete() && v >= state.orderVersion()) {
      items = listedFirst(items, event.items());
    }
    for (String id : event.removedItemIds()) {
      remove(items, id, v);
    }
    return items;
  }

  /**
   * Items in the order the newest order event lists them, then the others (added later, or
   * tombstones): an item whose change arrived before its order must not jump to the top of the
   * list.
   */
  private static Map<String, ElementState> listedFirst(
      Map<String, ElementState> items, List<ElementPart> listed) {
    Map<String, ElementState> ordered = new LinkedHashMap<>();
    for (ElementPart p : listed) {
      ordered.put(p.id(), items.get(p.id()));
    }
    items.forEach(ordered::putIfAbsent);
    return ordered;
  }

  private static void upsert(Map<String, ElementState> parts, ElementPart part, long version) {
    ElementState current = parts.get(part.id());
    if (current == null || version >= current.version()) {
      parts.put(part.id(), new ElementState(version, false, part));
    }
  }

  private static void remove(Map<String, ElementState> parts, String id, long version) {
    ElementState current = parts.get(id);
    if (current == null || version >= current.version()) {
      parts.put(id, new ElementState(version, true, null));
    }
  }

  private static boolean sameContent(OrderState a, OrderState b) {
    return a.orderVersion() == b.orderVersion()
        && java.util.Objects.equals(a.order(), b.order())
        && java.util.Objects.equals(a.customer(), b.customer())
        && a.items().equals(b.items())
        && a.shipments().equals(b.shipments());
  }
}
