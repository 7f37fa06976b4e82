package dev.kobjectingest.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.support.Json;
import dev.kobjectingest.tools.demo.DemoOrders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An org as users have it before they install the pipeline: most of the workload's customers
 * already in Kustomer, known by email only (as support conversations create them), and optionally
 * some of its orders already written as KObjects by another integration. Built as the emulator's
 * seed document, so the org holds them without a request being counted.
 */
final class Brownfield {
  /** The workload's customers, by email, in order of first appearance. */
  private final Map<String, Integer> customers = new LinkedHashMap<>();

  /** Each valid order's customer email. */
  private final Map<String, String> emailOf = new LinkedHashMap<>();

  Brownfield(DemoOrders workload) {
    for (DemoOrders.RawEvent e : workload.records()) {
      if (e.valid() && e.kind().equals("order") && !emailOf.containsKey(e.orderId())) {
        String email = read(e.json()).path("customer").path("email").asText();
        emailOf.put(e.orderId(), email);
        customers.putIfAbsent(email, customers.size());
      }
    }
  }

  /** How many distinct customers the valid orders name: what Kustomer should hold afterwards. */
  int customers() {
    return customers.size();
  }

  /**
   * The seed: {@code customerShare} of the customers (spread evenly over the workload) with an
   * email and nothing else, and {@code orderShare} of all orders, chosen among those of a seeded
   * customer, as stale KObjects of {@code klass} (a title and the externalId only) on that
   * customer.
   */
  ObjectNode seed(double customerShare, double orderShare, String klass) {
    ObjectNode spec = Json.PLAIN.createObjectNode();
    ArrayNode seeded = spec.putArray("customers");
    for (Map.Entry<String, Integer> c : customers.entrySet()) {
      if (chosen(c.getValue(), customerShare)) {
        seeded
            .addObject()
            .put("name", "Known customer")
            .putArray("emails")
            .addObject()
            .put("email", c.getKey());
      }
    }
    if (orderShare > 0) {
      ArrayNode objects = spec.putObject("kobjects").putArray(klass);
      long wanted = Math.round(orderShare * emailOf.size());
      int n = 0;
      for (Map.Entry<String, String> o : emailOf.entrySet()) {
        if (objects.size() >= wanted) {
          break;
        }
        boolean customerSeeded = chosen(customers.get(o.getValue()), customerShare);
        if (customerSeeded && chosen(n++, orderShare / customerShare)) {
          ObjectNode object = objects.addObject();
          object.put("title", "Imported order").put("externalId", o.getKey());
          object.putObject("customerRef").put("email", o.getValue());
        }
      }
    }
    return spec;
  }

  /** Whether the {@code index}-th of a sequence is in an evenly spread {@code share} of it. */
  private static boolean chosen(int index, double share) {
    return share >= 1 || Math.floor((index + 1) * share) > Math.floor(index * share);
  }

  private static JsonNode read(String json) {
    try {
      return Json.PLAIN.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
