package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.emulator.FaultSpec;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.tools.demo.DemoOrders;
import dev.kobjectingest.tools.demo.DemoSummary;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** End to end on a real broker and the emulator, with Kustomer misbehaving. */
class PipelineFaultsIT {
  private static final int BUDGET = 6000;

  @Test
  void serverErrorsThrottlingSlownessAndDroppedConnectionsLoseAndDuplicateNothing()
      throws Exception {
    try (E2eFixture f = new E2eFixture(WriteModel.NESTED, BUDGET, Map.of())) {
      // About 90 requests: shares high enough that a run without a drop or a 5xx is a 1-in-1000
      // event (at 2% drops, one run in six had none and failed the check below).
      f.emulator.applyFaults(FaultSpec.parse("5xx=10%,429=3%,slow=10%:50-300ms,drop=8%,seed=11"));
      DemoOrders orders = new DemoOrders(61, 11);
      long start = System.nanoTime();
      try (Pipeline p = f.scenario.startPipeline()) {
        f.scenario.publish(orders.records());
        DemoSummary s = f.scenario.await(orders, Duration.ofMinutes(3), p::failure, start);

        E2eFixture.assertInvariants(s, BUDGET);
        assertThat(s.delivered()).isEqualTo(60);
        assertThat(s.deadLetters()).isEqualTo(orders.invalidKeys().size());
        assertThat(f.emulator.stats().path("faultsInjected").path("drop").asInt())
            .as("drops happened")
            .isPositive();
        assertThat(f.emulator.stats().path("faultsInjected").path("5xx").asInt()).isPositive();
      }
    }
  }

  @Test
  void theRelModelHoldsUnderTheSameFaults() throws Exception {
    try (E2eFixture f = new E2eFixture(WriteModel.REL, BUDGET, Map.of())) {
      f.emulator.applyFaults(FaultSpec.parse("5xx=5%,429=2%,drop=2%,seed=5"));
      DemoOrders orders = new DemoOrders(31, 5);
      long start = System.nanoTime();
      try (Pipeline p = f.scenario.startPipeline()) {
        f.scenario.publish(orders.records());
        DemoSummary s = f.scenario.await(orders, Duration.ofMinutes(3), p::failure, start);

        E2eFixture.assertInvariants(s, BUDGET);
        assertThat(s.delivered()).isEqualTo(30);
      }
    }
  }

  @Test
  void aThirtySecondOutageIsWaitedOutNotDeadLettered() throws Exception {
    try (E2eFixture f = new E2eFixture(WriteModel.NESTED, BUDGET, Map.of())) {
      f.emulator.applyFaults(FaultSpec.parse("outage=30s@0s"));
      DemoOrders orders = new DemoOrders(21, 3);
      long start = System.nanoTime();
      try (Pipeline p = f.scenario.startPipeline()) {
        f.scenario.publish(orders.records());
        DemoSummary s = f.scenario.await(orders, Duration.ofMinutes(3), p::failure, start);

        E2eFixture.assertInvariants(s, BUDGET);
        assertThat(s.delivered()).isEqualTo(20);
        assertThat(s.deadLetters())
            .as("only the invalid records")
            .isEqualTo(orders.invalidKeys().size());
        assertThat(s.elapsedSeconds()).isGreaterThanOrEqualTo(30);
      }
    }
  }
}
