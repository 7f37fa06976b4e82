package dev.kobjectingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.mapping.WriteModel;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever the events (orders updated, duplicated, arriving late or out of order, later naming
 * another customer) and wherever the customer-updates interval passes among them, the last update
 * sent for each customer equals its profile computed directly from each order's final state and the
 * customer it first named (where its KObject is): the count of its orders, the sum of their totals,
 * the latest of their dates and the name of its newest order still naming it.
 */
class CustomerProfilePropertiesTest {
  private static final AtomicInteger TRIES = new AtomicInteger();
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static TopologyFixture t;

  /**
   * One order event: order {@code order} at version {@code version}, of customer {@code who};
   * {@code send}: the customer-updates interval passes after it.
   */
  record Event(int order, int version, int who, int cents, String last, boolean send) {}

  @BeforeContainer
  static void start() {
    try {
      t = new TopologyFixture(WriteModel.NESTED);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterContainer
  static void stop() {
    t.close();
  }

  @Provide
  Arbitrary<List<Event>> events() {
    Arbitrary<Event> e =
        Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(1, 4),
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 100_000),
                Arbitraries.of("Doe", "Smith", "Li"),
                Arbitraries.of(true, false))
            .as(Event::new);
    return e.list().ofMinSize(1).ofMaxSize(14);
  }

  @Property(tries = 60)
  void theLastUpdateOfEachCustomerIsItsProfileFromTheOrdersFinalStates(
      @ForAll("events") List<Event> events) throws Exception {
    String run = "p" + TRIES.incrementAndGet();
    for (int who = 0; who < 3; who++) {
      t.learnCustomer("email:" + email(run, who), run + "-cust-" + who);
    }
    Map<Integer, Event> finals = new HashMap<>();
    Map<Integer, Integer> firstWho = new HashMap<>();
    for (Event e : events) {
      String id = run + "-" + e.order();
      String at = T0.plusSeconds(86_400L * e.version()).toString();
      t.publish(
          "orders.raw",
          id,
          CustomerProfileTopologyTest.order(
              id, email(run, e.who()), e.last(), at, e.cents() / 100.0));
      if (e.send()) {
        t.sendDueUpdates();
      }
      firstWho.putIfAbsent(e.order(), e.who());
      Event held = finals.get(e.order());
      if (held == null || e.version() >= held.version()) {
        finals.put(e.order(), e); // latest wins; an equal version arriving later wins too
      }
    }
    t.sendDueUpdates();
    Map<String, JsonNode> sent = new HashMap<>();
    for (CustomerCommand c : t.customerCommands()) {
      if (c.customerId() != null) {
        sent.put(c.customerId(), c.update());
      }
    }
    for (int who = 0; who < 3; who++) {
      JsonNode update = sent.get(run + "-cust-" + who);
      int w = who;
      List<Map.Entry<Integer, Event>> mine =
          finals.entrySet().stream().filter(x -> firstWho.get(x.getKey()) == w).toList();
      if (update == null) {
        assertThat(mine).as("a customer no update was sent for has no orders").isEmpty();
        continue;
      }
      JsonNode custom = update.path("custom");
      assertThat(custom.path("orderCountNum").asInt()).isEqualTo(mine.size());
      BigDecimal sum =
          mine.stream()
              .map(x -> BigDecimal.valueOf(x.getValue().cents(), 2))
              .reduce(BigDecimal.ZERO, BigDecimal::add);
      assertThat(custom.path("lifetimeValueNum").decimalValue()).isEqualByComparingTo(sum);
      if (mine.isEmpty()) {
        assertThat(custom.path("lastOrderAt").isNull()).isTrue();
        continue;
      }
      Comparator<Map.Entry<Integer, Event>> byVersion =
          (a, b) ->
              a.getValue().version() != b.getValue().version()
                  ? Integer.compare(a.getValue().version(), b.getValue().version())
                  : (run + "-" + a.getKey()).compareTo(run + "-" + b.getKey());
      Map.Entry<Integer, Event> newest = mine.stream().max(byVersion).orElseThrow();
      assertThat(custom.path("lastOrderAt").asText())
          .isEqualTo(T0.plusSeconds(86_400L * newest.getValue().version()).toString());
      // An order now naming someone else lends no name.
      mine.stream()
          .filter(x -> x.getValue().who() == w)
          .max(byVersion)
          .ifPresent(
              naming ->
                  assertThat(update.path("name").asText())
                      .isEqualTo("Jane " + naming.getValue().last()));
    }
  }

  private static String email(String run, int who) {
    return run + "c" + who + "@example.com";
  }
}
