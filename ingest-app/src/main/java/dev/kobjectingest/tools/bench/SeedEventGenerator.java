package dev.kobjectingest.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.support.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Realistic events of the seed 000 family (orders, shipments, line-item changes), deterministic for
 * a seed. Each order gets one order event, then a shipment and a line-item change with later
 * versions.
 */
public final class SeedEventGenerator {
  private static final ObjectMapper JSON = Json.PLAIN;
  private static final String[] STATUSES = {"received", "paid", "packed"};
  private static final Instant EPOCH = Instant.parse("2026-11-01T00:00:00Z");

  /**
   * One raw event: the topic kind ({@code order}, {@code shipment}, {@code line-item}), key and
   * JSON.
   */
  public record Event(String kind, String key, String json) {}

  private final SplittableRandom random;
  private final int customers;

  public SeedEventGenerator(long seed, int customers) {
    this.random = new SplittableRandom(seed);
    this.customers = Math.max(1, customers);
  }

  /** The events of order number {@code n}: order, shipment, line-item change. */
  public List<Event> orderEvents(int n) {
    String orderId = String.format(Locale.ROOT, "BN-%07d", n);
    int customer = random.nextInt(customers);
    Instant created = EPOCH.plusSeconds(n * 7L);
    ObjectNode order = JSON.createObjectNode();
    order
        .put("order_number", orderId)
        .put("created_at", created.toString())
        .put("updated_at", created.toString());
    order.put("status", STATUSES[random.nextInt(STATUSES.length)]);
    order
        .putObject("customer")
        .put("first_name", "Customer")
        .put("last_name", String.valueOf(customer))
        .put("email", "customer" + customer + "@example.com")
        .put(
            "phone",
            String.format(
                Locale.ROOT, "(555) %03d-%04d", customer / 10000 % 1000, customer % 10000));
    ObjectNode shipping = order.putObject("shipping");
    shipping
        .putObject("address")
        .put("address1", n + " Main St")
        .put("city", "Houston")
        .put("state", "TX")
        .put("country_code", "US")
        .put("zip", "77001");
    shipping
        .putObject("method")
        .put("description", "Fast Shipping")
        .put("carrier", "FedEx")
        .put("carrier_code", "FDEG");
    ArrayNode items = order.putArray("line_items");
    int count = 1 + random.nextInt(4);
    double total = 0;
    for (int i = 1; i <= count; i++) {
      double price = 5 + random.nextInt(9500) / 100.0;
      total += price;
      items
          .addObject()
          .put("sku", orderId + "-" + i)
          .put("item_name", "Item " + i)
          .put("sku_name", "SKU " + i)
          .put("quantity", 1)
          .put("weight", 1)
          .put("sale_price", price)
          .put("subtotal", price)
          .put("sales_tax_collected", 0);
    }
    order
        .putObject("totals")
        .put("items", round(total))
        .put("shipping", 4.99)
        .put("tax", round(total * 0.08))
        .put("grand", round(total * 1.08 + 4.99));
    order
        .putObject("payment_details")
        .put("brand", "Visa")
        .put("last_4", "4242")
        .put("status", "successful");

    ObjectNode shipment = JSON.createObjectNode();
    shipment
        .put("shipment_id", "SH-" + orderId)
        .put("order_number", orderId)
        .put("status", "in_transit")
        .put("carrier", "FedEx")
        .put("tracking_number", "7946" + n)
        .put("tracking_url", "https://track.example.com/" + n)
        .put("shipped_at", created.plusSeconds(3600).toString())
        .put("updated_at", created.plusSeconds(3600).toString());
    ObjectNode item = JSON.createObjectNode();
    item.put("order_number", orderId)
        .put("change", "changed")
        .put("sku", orderId + "-1")
        .put("item_name", "Item 1")
        .put("sku_name", "SKU 1")
        .put("quantity", 2)
        .put("weight", 1)
        .put("sale_price", 9.99)
        .put("subtotal", 19.98)
        .put("sales_tax_collected", 0)
        .put("updated_at", created.plusSeconds(1800).toString());
    List<Event> out = new ArrayList<>(3);
    out.add(new Event("order", orderId, order.toString()));
    out.add(new Event("shipment", orderId, shipment.toString()));
    out.add(new Event("line-item", orderId, item.toString()));
    return out;
  }

  /** The identity key the shipped rules derive for a customer number. */
  public static String identityKey(int customer) {
    return "email:customer" + customer + "@example.com";
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
