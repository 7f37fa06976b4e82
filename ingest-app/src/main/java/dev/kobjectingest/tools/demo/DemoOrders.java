package dev.kobjectingest.tools.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.support.Json;
import dev.kobjectingest.tools.bench.SeedEventGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo's workload: realistic orders of the seed 000 family with their shipment and line-item
 * events, an update of some orders, some events out of order and some duplicated, and a few invalid
 * records. Deterministic for a seed.
 */
public final class DemoOrders {
  private static final ObjectMapper JSON = Json.PLAIN;

  /** One record to publish to a raw topic ({@code order}, {@code shipment}, {@code line-item}). */
  public record RawEvent(String kind, String key, String json, String orderId, boolean valid) {}

  private final List<RawEvent> records = new ArrayList<>();
  private final List<String> validOrders = new ArrayList<>();
  private final List<String> invalidKeys = new ArrayList<>();
  private final int customers;

  /** {@code orders} orders in all, of which about 1% (at least one) are invalid records. */
  public DemoOrders(int orders, long seed) {
    this(orders, seed, Math.max(1, orders * 2 / 3), 0, 0);
  }

  /**
   * As above, for {@code customers} customer numbers, each order followed by {@code minUpdates} to
   * {@code maxUpdates} later updates (order status and shipment status in turn); with both 0, a
   * third of the orders get one update.
   */
  public DemoOrders(int orders, long seed, int customers, int minUpdates, int maxUpdates) {
    SplittableRandom random = new SplittableRandom(seed);
    int invalid = Math.max(1, orders / 100);
    int valid = Math.max(0, orders - invalid);
    this.customers = Math.max(1, customers);
    SeedEventGenerator gen = new SeedEventGenerator(seed, this.customers);
    List<List<RawEvent>> perOrder = new ArrayList<>();
    for (int n = 0; n < valid; n++) {
      List<RawEvent> events = new ArrayList<>();
      List<SeedEventGenerator.Event> base = gen.orderEvents(n);
      String orderId = base.get(0).key();
      for (SeedEventGenerator.Event e : base) {
        events.add(new RawEvent(e.kind(), e.key(), e.json(), orderId, true));
      }
      if (maxUpdates == 0) {
        if (random.nextInt(3) == 0) {
          events.add(new RawEvent("order", orderId, updated(base.get(0).json()), orderId, true));
        }
      } else {
        int updates = minUpdates + random.nextInt(maxUpdates - minUpdates + 1);
        for (int u = 1; u <= updates; u++) {
          boolean order = u % 2 == 1;
          SeedEventGenerator.Event b = base.get(order ? 0 : 1);
          String status = order ? ORDER_STATUSES[u % ORDER_STATUSES.length] : SHIP_STATUSES[u % 3];
          events.add(
              new RawEvent(b.kind(), orderId, bumped(b.json(), u * 3600L, status), orderId, true));
        }
      }
      if (random.nextInt(5) == 0) {
        Collections.reverse(events); // out of order: the order arrives after its shipment and items
      }
      if (random.nextInt(5) == 0) {
        events.add(events.get(random.nextInt(events.size()))); // a duplicate delivery
      }
      validOrders.add(orderId);
      perOrder.add(events);
    }
    for (int i = 0; i < invalid; i++) {
      String key = "INVALID-" + i;
      String json =
          i % 2 == 0
              ? "{\"order_number\": \"" + key + "\", \"created_at\": "
              : "{\"created_at\": \"2026-11-01T00:00:00Z\", \"status\": \"paid\"}";
      perOrder.add(List.of(new RawEvent("order", key, json, key, false)));
      invalidKeys.add(key);
    }
    // Interleave orders as shops do: many orders' events mixed, each order's own events in the
    // chosen order.
    int remaining = perOrder.stream().mapToInt(List::size).sum();
    int[] next = new int[perOrder.size()];
    while (remaining > 0) {
      int i = random.nextInt(perOrder.size());
      if (next[i] < perOrder.get(i).size()) {
        records.add(perOrder.get(i).get(next[i]++));
        remaining--;
      }
    }
  }

  private static final String[] ORDER_STATUSES = {"paid", "packed", "shipped", "delivered"};
  private static final String[] SHIP_STATUSES = {"in_transit", "out_for_delivery", "delivered"};

  /** The event {@code seconds} later, with a new status. */
  private static String bumped(String json, long seconds, String status) {
    try {
      ObjectNode o = (ObjectNode) JSON.readTree(json);
      Instant updated = Instant.parse(o.get("updated_at").asText()).plusSeconds(seconds);
      o.put("updated_at", updated.toString()).put("status", status);
      return o.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String updated(String orderJson) {
    try {
      ObjectNode o = (ObjectNode) JSON.readTree(orderJson);
      Instant updated = Instant.parse(o.get("updated_at").asText()).plusSeconds(7200);
      o.put("updated_at", updated.toString()).put("status", "shipped");
      return o.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** How many customer numbers the orders draw from ({@code customer0..customers-1}). */
  public int customers() {
    return customers;
  }

  public List<RawEvent> records() {
    return records;
  }

  public List<String> validOrders() {
    return validOrders;
  }

  public List<String> invalidKeys() {
    return invalidKeys;
  }
}
