package dev.kobjectingest.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.mapping.CustomerFacts;
import dev.kobjectingest.mapping.CustomerProfileMapping.Aggregate;
import dev.kobjectingest.mapping.OrderState;
import dev.kobjectingest.topology.CustomerProfile.Held;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a customer's profile follows its orders. Counts and sums move by the difference an order's
 * new facts make; a latest date or an attribute held by an order that changed or left is found
 * again among all the customer's orders (rare: the order holding the newest value went back). Pure
 * functions: the processor owns the stores.
 */
public final class ProfileFold {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final List<Aggregate> aggregates;

  ProfileFold(List<Aggregate> aggregates) {
    this.aggregates = aggregates;
  }

  /**
   * The update each customer's profile makes from {@code states} alone (an empty history before
   * them), by identity key: what {@code rules preview} shows.
   */
  public static Map<String, ObjectNode> updates(
      List<Aggregate> aggregates, Iterable<OrderState> states) {
    ProfileFold fold = new ProfileFold(aggregates);
    Map<String, CustomerProfile> profiles = new LinkedHashMap<>();
    for (OrderState s : states) {
      CustomerFacts facts = s.order().customerFacts();
      CustomerFacts f = facts == null ? new CustomerFacts(null, null, s.orderVersion()) : facts;
      profiles.merge(
          s.customer().key(),
          fold.replace(CustomerProfile.empty(), s.orderId(), null, f),
          (a, b) -> fold.replace(a, s.orderId(), null, f));
    }
    Map<String, ObjectNode> out = new LinkedHashMap<>();
    profiles.forEach((k, p) -> out.put(k, fold.update(p)));
    return out;
  }

  /** Whether replacing {@code old} by {@code next} for this order needs the full recomputation. */
  static boolean needsRescan(CustomerProfile p, String orderId, CustomerFacts old) {
    if (old == null) {
      return false;
    }
    return p.latest().values().stream().anyMatch(h -> h.orderId().equals(orderId))
        || p.attributes().values().stream().anyMatch(h -> h.orderId().equals(orderId));
  }

  /** The profile with one order's facts replaced ({@code old} or {@code next} null: none). */
  CustomerProfile replace(
      CustomerProfile p, String orderId, CustomerFacts old, CustomerFacts next) {
    long orders = p.orders() - (old == null ? 0 : 1) + (next == null ? 0 : 1);
    Map<String, String> sums = new HashMap<>(p.sums());
    Map<String, Held> latest = new HashMap<>(p.latest());
    Map<String, Held> attributes = new HashMap<>(p.attributes());
    if (old != null) {
      addSums(sums, old, BigDecimal.ONE.negate());
    }
    if (next != null) {
      addSums(sums, next, BigDecimal.ONE);
      offer(latest, attributes, orderId, next);
    }
    return new CustomerProfile(orders, sums, latest, attributes, p.emitted(), p.due());
  }

  /**
   * The profile computed from all of the customer's orders, with what {@code previous} emitted and
   * has due.
   */
  CustomerProfile of(Iterable<Map.Entry<String, CustomerFacts>> orders, CustomerProfile previous) {
    CustomerProfile p =
        CustomerProfile.empty().withEmitted(previous.emitted()).withDue(previous.due());
    for (Map.Entry<String, CustomerFacts> e : orders) {
      p = replace(p, e.getKey(), null, e.getValue());
    }
    return p;
  }

  /**
   * The customer update the profile makes: the owned attributes as Kustomer takes them ({@code
   * name}, {@code custom: {...}}) and every aggregate (a count and sums of no orders are 0; a
   * latest date of no orders is cleared).
   */
  ObjectNode update(CustomerProfile p) {
    ObjectNode body = NODES.objectNode();
    p.attributes()
        .forEach(
            (k, h) -> {
              if (k.startsWith("custom.")) {
                body.withObjectProperty("custom").set(k.substring("custom.".length()), h.value());
              } else {
                body.set(k, h.value());
              }
            });
    for (Aggregate a : aggregates) {
      JsonNode v =
          switch (a.kind()) {
            case COUNT -> NODES.numberNode(p.orders());
            case SUM ->
                NODES.numberNode(plain(new BigDecimal(p.sums().getOrDefault(a.name(), "0"))));
            case LATEST ->
                p.latest().containsKey(a.name())
                    ? p.latest().get(a.name()).value()
                    : NODES.nullNode();
          };
      body.withObjectProperty("custom").set(a.name(), v);
    }
    return body;
  }

  private void addSums(Map<String, String> sums, CustomerFacts f, BigDecimal sign) {
    for (Aggregate a : aggregates) {
      JsonNode m = f.measures().get(a.name());
      if (a.kind() == Aggregate.Kind.SUM && m != null && m.isNumber()) {
        BigDecimal total = new BigDecimal(sums.getOrDefault(a.name(), "0"));
        sums.put(a.name(), total.add(m.decimalValue().multiply(sign)).toPlainString());
      }
    }
  }

  private void offer(
      Map<String, Held> latest, Map<String, Held> attributes, String orderId, CustomerFacts f) {
    for (Aggregate a : aggregates) {
      JsonNode m = f.measures().get(a.name());
      if (a.kind() == Aggregate.Kind.LATEST && m != null && m.isTextual()) {
        Held h = new Held(m, Instant.parse(m.asText()).toEpochMilli(), orderId);
        if (h.beats(latest.get(a.name()))) {
          latest.put(a.name(), h);
        }
      }
    }
    f.attributes()
        .properties()
        .forEach(
            e -> {
              if (e.getKey().equals("custom")) {
                e.getValue()
                    .properties()
                    .forEach(
                        c -> offer(attributes, "custom." + c.getKey(), c.getValue(), f, orderId));
              } else {
                offer(attributes, e.getKey(), e.getValue(), f, orderId);
              }
            });
  }

  private static void offer(
      Map<String, Held> attributes, String key, JsonNode value, CustomerFacts f, String orderId) {
    Held h = new Held(value, f.version(), orderId);
    if (h.beats(attributes.get(key))) {
      attributes.put(key, h);
    }
  }

  /** Exact, without trailing zeros or an exponent: 15.750 → 15.75, 1E+1 → 10. */
  private static BigDecimal plain(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }
}
