package dev.kobjectingest.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.bench.SeedEventGenerator;
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
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One record to publish to a raw topic ({@code order}, {@code shipment}, {@code line-item}). */
  public record RawEvent(String kind, String key, String json, String orderId, boolean valid) {}

  private final List<RawEvent> records = new ArrayList<>();
  private final List<String> validOrders = new ArrayList<>();
  private final List<String> invalidKeys = new ArrayList<>();

  /** {@code orders} orders in all, of which about 1% (at least one) are invalid records. */
  public DemoOrders(int orders, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int invalid = Math.max(1, orders / 100);
    int valid = Math.max(0, orders - invalid);
    SeedEventGenerator gen = new SeedEventGenerator(seed, Math.max(1, orders * 2 / 3));
    List<List<RawEvent>> perOrder = new ArrayList<>();
    for (int n = 0; n < valid; n++) {
      List<RawEvent> events = new ArrayList<>();
      List<SeedEventGenerator.Event> base = gen.orderEvents(n);
      String orderId = base.get(0).key();
      for (SeedEventGenerator.Event e : base) {
        events.add(new RawEvent(e.kind(), e.key(), e.json(), orderId, true));
      }
      if (random.nextInt(3) == 0) {
        events.add(new RawEvent("order", orderId, updated(base.get(0).json()), orderId, true));
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
