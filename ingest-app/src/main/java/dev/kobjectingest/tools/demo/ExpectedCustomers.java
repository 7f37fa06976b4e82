package dev.kobjectingest.tools.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kobjectingest.mapping.CustomerFacts;
import dev.kobjectingest.mapping.CustomerProfileMapping.Aggregate;
import dev.kobjectingest.mapping.OrderState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What each customer should hold when the rules keep customers current, computed directly from the
 * orders' final states (not with the topology's incremental fold): the count of its orders, the
 * sums, the latest dates, and each owned attribute from its newest order that has it. A customer is
 * found in the emulator by its identity key, as the sink finds it.
 */
final class ExpectedCustomers {
  private final List<Aggregate> aggregates;
  private final Iterable<OrderState> states;

  ExpectedCustomers(List<Aggregate> aggregates, Iterable<OrderState> states) {
    this.aggregates = aggregates;
    this.states = states;
  }

  /**
   * How many customers in {@code customers} (the emulator's list) are not at the latest state. The
   * orders are grouped by the customer their identity finds there: one person's orders reached by
   * different identities (a guest's email, later an externalId) count together.
   */
  int stale(JsonNode customers, JsonNode orderObjects) {
    Map<String, JsonNode> byKey = index(customers);
    Map<String, JsonNode> customerById = new HashMap<>();
    customers.path("data").forEach(c -> customerById.put(c.path("id").asText(), c));
    Map<String, String> customerOfOrder = new HashMap<>();
    orderObjects
        .path("data")
        .forEach(
            o ->
                customerOfOrder.put(
                    o.path("attributes").path("externalId").asText(),
                    o.path("relationships").path("customer").path("data").path("id").asText()));
    Map<String, List<OrderState>> byCustomer = new HashMap<>();
    for (OrderState s : states) {
      // The customer its KObject is on, else (no KObject: dead-lettered) the one its identity
      // finds.
      String id = customerOfOrder.get(s.orderId());
      if (id == null && byKey.containsKey(s.customer().key())) {
        id = byKey.get(s.customer().key()).path("id").asText();
      }
      if (id != null && customerById.containsKey(id)) {
        byCustomer.computeIfAbsent(id, k -> new ArrayList<>()).add(s);
      }
    }
    int stale = 0;
    for (Map.Entry<String, List<OrderState>> e : byCustomer.entrySet()) {
      if (!matches(e.getValue(), customerById.get(e.getKey()).path("attributes"))) {
        stale++;
      }
    }
    return stale;
  }

  private boolean matches(List<OrderState> orders, JsonNode attributes) {
    JsonNode custom = attributes.path("custom");
    for (Aggregate a : aggregates) {
      JsonNode actual = custom.path(a.name());
      boolean same =
          switch (a.kind()) {
            case COUNT -> actual.isNumber() && actual.longValue() == orders.size();
            case SUM -> actual.isNumber() && actual.decimalValue().compareTo(sum(orders, a)) == 0;
            case LATEST -> {
              Instant want = latest(orders, a);
              yield want == null
                  ? actual.isNull() || actual.isMissingNode()
                  : actual.isTextual() && Instant.parse(actual.asText()).equals(want);
            }
          };
      if (!same) {
        return false;
      }
    }
    return attributesMatch(orders, attributes);
  }

  private static boolean attributesMatch(List<OrderState> orders, JsonNode attributes) {
    List<OrderState> newestFirst = new ArrayList<>(orders);
    newestFirst.sort(
        Comparator.comparingLong((OrderState s) -> facts(s).version())
            .thenComparing(OrderState::orderId)
            .reversed());
    Map<String, JsonNode> want = new HashMap<>();
    for (OrderState s : newestFirst) {
      JsonNode a = facts(s).attributes();
      a.properties()
          .forEach(
              e -> {
                if (e.getKey().equals("custom")) {
                  e.getValue()
                      .properties()
                      .forEach(c -> want.putIfAbsent("custom." + c.getKey(), c.getValue()));
                } else {
                  want.putIfAbsent(e.getKey(), e.getValue());
                }
              });
    }
    for (Map.Entry<String, JsonNode> e : want.entrySet()) {
      JsonNode actual =
          e.getKey().startsWith("custom.")
              ? attributes.path("custom").path(e.getKey().substring(7))
              : attributes.path(e.getKey());
      if (!e.getValue().equals(ExpectedOrders.SAME, actual)) {
        return false;
      }
    }
    return true;
  }

  private static BigDecimal sum(List<OrderState> orders, Aggregate a) {
    BigDecimal total = BigDecimal.ZERO;
    for (OrderState s : orders) {
      JsonNode m = facts(s).measures().path(a.name());
      if (m.isNumber()) {
        total = total.add(m.decimalValue());
      }
    }
    return total;
  }

  private static Instant latest(List<OrderState> orders, Aggregate a) {
    Instant max = null;
    for (OrderState s : orders) {
      JsonNode m = facts(s).measures().path(a.name());
      if (m.isTextual()) {
        Instant at = Instant.parse(m.asText());
        max = max == null || at.isAfter(max) ? at : max;
      }
    }
    return max;
  }

  private static CustomerFacts facts(OrderState s) {
    CustomerFacts f = s.order().customerFacts();
    return f == null ? CustomerFacts.empty() : f;
  }

  /** The emulator's customers by every identity key they hold as their own (not shared). */
  private static Map<String, JsonNode> index(JsonNode customers) {
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode c : customers.path("data")) {
      JsonNode a = c.path("attributes");
      if (a.hasNonNull("externalId")) {
        out.put("externalId:" + a.get("externalId").asText(), c);
      }
      a.path("emails").forEach(e -> out.put("email:" + e.path("email").asText(), c));
      a.path("phones").forEach(p -> out.put("phone:" + p.path("phone").asText(), c));
    }
    return out;
  }
}
