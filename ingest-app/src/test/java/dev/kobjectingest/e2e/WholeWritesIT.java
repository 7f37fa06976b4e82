package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.tools.demo.DemoOrders;
import dev.kobjectingest.tools.demo.DemoSummary;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kustomer does not document whether a KObject {@code PUT} merges or replaces {@code custom}; the
 * sink writes every update whole, so the result is the same under either. Here Kustomer replaces
 * (the emulator's switch): a backlog of orders with several updates each, in both models, ends with
 * every order (and in the Rel model every item and item list) holding its latest state in full. A
 * partial update (only the item list, only what changed) would leave orders missing attributes,
 * counted stale.
 */
class WholeWritesIT {
  private static final int BUDGET = 6000;

  @ParameterizedTest
  @EnumSource(WriteModel.class)
  void underAReplacingPutEveryOrderEndsWhole(WriteModel model) throws Exception {
    try (E2eFixture f =
        new E2eFixture(model, BUDGET, Map.of(), c -> c.withKObjectPutReplaces(true))) {
      // Two to four updates per order (order and shipment status in turn). The first half of the
      // events waits as a backlog at the start; once the orders it names are written, the second
      // half comes at once: a backlog of updates of written objects, in bulk.
      DemoOrders orders = new DemoOrders(161, 43, 100, 2, 4);
      List<DemoOrders.RawEvent> events = orders.records();
      List<DemoOrders.RawEvent> first = events.subList(0, events.size() / 2);
      f.scenario.publish(first);
      long start = System.nanoTime();
      try (Pipeline p = f.scenario.startPipeline()) {
        f.awaitOrderCustomers(
            first.stream()
                .filter(e -> e.valid() && e.kind().equals("order"))
                .map(DemoOrders.RawEvent::orderId)
                .collect(Collectors.toSet()));
        f.scenario.publish(events.subList(first.size(), events.size()));
        DemoSummary s = f.scenario.await(orders, Duration.ofMinutes(3), p::failure, start);

        E2eFixture.assertInvariants(s, BUDGET);
        assertThat(s.delivered()).isEqualTo(orders.validOrders().size());
        assertThat(f.emulator.limits().path("kobjectPutReplaces").asBoolean()).isTrue();
        JsonNode stats = f.emulator.stats();
        assertThat(stats.path("kobjectUpdates").asLong())
            .as("updates met objects already written")
            .isPositive();
        assertThat(stats.path("byOperation").path("PUT /v1/klasses/{name}/bulk").asLong())
            .as("updates went in bulk: " + stats.path("byOperation"))
            .isPositive();
        if (model == WriteModel.REL) {
          assertThat(stats.path("kobjects").path("order-item").asInt())
              .isEqualTo(f.scenario.expectedItemIds(orders).size());
        }
      }
    }
  }
}
