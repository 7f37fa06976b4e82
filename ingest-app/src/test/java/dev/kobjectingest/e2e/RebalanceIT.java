package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.tools.demo.DemoOrders;
import dev.kobjectingest.tools.demo.DemoSummary;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Partitions move between live instances mid-run: a second instance joins, then the first leaves.
 * The owned klass is created without lookups, so the new owner of a partition must know, from the
 * followed id store, every order the previous owner created there; otherwise it would create them
 * again. Customer uniqueness is off in the emulator, so any second customer would be stored and
 * counted too.
 */
class RebalanceIT {
  private static final int BUDGET = 6000;

  @Test
  void partitionsMovingBetweenLiveInstancesCreateNothingTwice() throws Exception {
    // Slow bulk jobs (10 items per batch, 150 ms apart) keep the run going while partitions move.
    try (E2eFixture f =
        new E2eFixture(
            WriteModel.NESTED, BUDGET, Map.of(), c -> c.withBulk(10, Duration.ofMillis(150)))) {
      DemoOrders orders = new DemoOrders(601, 41);
      f.scenario.publish(orders.records());
      long start = System.nanoTime();
      Pipeline a = f.scenario.startInstance("a", Map.of());
      try (Pipeline b = startWhenOrdersReach(f, 60, "b")) {
        awaitOrders(f, 250);
        a.close(); // its partitions move to b, which must see what a wrote there
        assertThat(orderCount(f)).as("mid-run when a left").isLessThan(595);
        DemoSummary s = f.scenario.await(orders, Duration.ofMinutes(4), b::failure, start);
        E2eFixture.assertInvariants(s, BUDGET);
        assertThat(s.delivered()).isEqualTo(orders.validOrders().size());
      } finally {
        a.close();
      }
    }
  }

  private static Pipeline startWhenOrdersReach(E2eFixture f, int n, String name) throws Exception {
    awaitOrders(f, n);
    return f.scenario.startInstance(name, Map.of());
  }

  private static void awaitOrders(E2eFixture f, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (orderCount(f) < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the pipeline made no progress: " + orderCount(f) + " orders");
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  private static int orderCount(E2eFixture f) {
    return f.emulator.stats().path("kobjects").path("order").asInt();
  }
}
