package dev.kobjectingest.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything known about one order, merged from its three sources. {@code order} is null until the
 * order event arrives; shipments and items that come first wait here. {@code changes} counts
 * applied changes: a write carrying a higher count supersedes one with a lower count.
 *
 * @param origin where the latest order event was read (its raw record), or null
 * @param replayedAt the Kafka timestamp of the last replayed record that reached this order (0 when
 *     none): a customer given up before it may be asked for again by that replay
 */
public record OrderState(
    String orderId,
    long orderVersion,
    OrderPart order,
    CustomerIdentity customer,
    Map<String, ElementState> items,
    Map<String, ElementState> shipments,
    long changes,
    long eventTime,
    Origin origin,
    long replayedAt) {

  public OrderState {
    items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
    shipments = Collections.unmodifiableMap(new LinkedHashMap<>(shipments));
  }

  public static OrderState empty(String orderId) {
    return new OrderState(orderId, Long.MIN_VALUE, null, null, Map.of(), Map.of(), 0, 0, null, 0);
  }

  /** The same state, stamped with the source timestamp of the event that last changed it. */
  public OrderState withEventTime(long time) {
    return new OrderState(
        orderId,
        orderVersion,
        order,
        customer,
        items,
        shipments,
        changes,
        time,
        origin,
        replayedAt);
  }

  /** The same state, reached by a replayed record stamped {@code time}. */
  public OrderState withReplayedAt(long time) {
    return new OrderState(
        orderId,
        orderVersion,
        order,
        customer,
        items,
        shipments,
        changes,
        eventTime,
        origin,
        Math.max(replayedAt, time));
  }

  /** True once the order event arrived: only then is there a KObject to write. */
  public boolean complete() {
    return order != null;
  }

  /** The highest version any part is at: the version of the state as a whole. */
  public long latestVersion() {
    long v = orderVersion;
    for (ElementState e : items.values()) {
      v = Math.max(v, e.version());
    }
    for (ElementState e : shipments.values()) {
      v = Math.max(v, e.version());
    }
    return v;
  }
}
