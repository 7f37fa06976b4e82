package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kobjectingest.emulator.FaultSpec;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.tools.demo.DemoOrders;
import dev.kobjectingest.tools.demo.DemoSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged pipeline ({@code java -jar ingest-app.jar run}) killed with SIGKILL in the middle of
 * its work (requests in flight, offsets not committed) and started again: nothing is lost, nothing
 * is duplicated.
 */
class ProcessKillIT {
  private static final int BUDGET = 6000;

  private static final Map<String, String> SINGLE_CALLS = Map.of("sink.bulk.enabled", "false");

  @Test
  void aKilledAndRestartedPipelineLosesAndDuplicatesNothing() throws Exception {
    stopMidRunAndRestart(true);
  }

  /**
   * Killed while bulk jobs are in flight (slow jobs: 10 items per batch, 150 ms apart): the
   * restarted sink must not create again what the interrupted jobs created.
   */
  @Test
  void aPipelineKilledWhileBulkJobsAreInFlightCreatesNothingTwice() throws Exception {
    try (E2eFixture f =
        new E2eFixture(
            WriteModel.NESTED, BUDGET, Map.of(), c -> c.withBulk(10, Duration.ofMillis(150)))) {
      Path config = configFile(f);
      DemoOrders orders = new DemoOrders(601, 23);
      long start = System.nanoTime();
      f.scenario.publish(orders.records());
      stopWhen(start(config, f.emulator.config().apiKey()), true, () -> f.count("order") >= 50);
      var stats = f.emulator.stats();
      assertThat(stats.path("bulkJobs").asInt()).as("bulk jobs were sent").isPositive();
      assertThat(stats.path("kobjects").path("order").asInt())
          .as("killed mid-run")
          .isBetween(50, 599);

      restartAndVerify(f, config, orders, start);
      assertThat(f.emulator.stats().path("duplicateCustomers").asInt()).isZero();
    }
  }

  /**
   * The Rel model killed while bulk jobs of orders, items and item lists are in flight (slow jobs:
   * 10 items per batch, each batch 400 ms): after the restart every order lists exactly its items,
   * every item names its order, and neither an order nor an item exists twice: the interrupted
   * creates are looked up (their pending marks in the id store), never repeated blindly.
   */
  @Test
  void aRelPipelineKilledWhileBulkJobsAreInFlightCreatesNoOrderOrItemTwice() throws Exception {
    try (E2eFixture f =
        new E2eFixture(
            WriteModel.REL,
            BUDGET,
            Map.of(),
            c ->
                c.withBulk(10, Duration.ofMillis(20))
                    .withBulkBatchLatency(Duration.ofMillis(400)))) {
      Path config = configFile(f);
      DemoOrders orders = new DemoOrders(241, 29);
      long start = System.nanoTime();
      f.scenario.publish(orders.records());
      stopWhen(
          start(config, f.emulator.config().apiKey()),
          true,
          () -> f.count("order-item") >= 40 && f.count("order") >= 20);
      assertThat(f.emulator.stats().path("bulkJobs").asInt())
          .as("bulk jobs were sent")
          .isPositive();
      assertThat(f.count("order")).as("killed mid-run").isLessThan(orders.validOrders().size());

      // The restarted run is checked against every order's latest state, its item list and each
      // item's link back to the order included (Scenario.await).
      restartAndVerify(f, config, orders, start);
      JsonNode stats = f.emulator.stats();
      assertThat(stats.path("duplicateKObjects").asInt()).as("orders or items twice").isZero();
      assertThat(stats.path("duplicateCustomers").asInt()).isZero();
      assertThat(externalIds(f, "order-item"))
          .as("one item object per item")
          .containsExactlyInAnyOrderElementsOf(f.scenario.expectedItemIds(orders));
      assertThat(f.count("order")).isEqualTo(orders.validOrders().size());
    }
  }

  private static List<String> externalIds(E2eFixture f, String klass) {
    List<String> out = new ArrayList<>();
    f.emulator
        .objects(klass)
        .path("data")
        .forEach(o -> out.add(o.path("attributes").path("externalId").asText()));
    return out;
  }

  private static Path configFile(E2eFixture f) throws Exception {
    Path config = Files.createTempFile("pipeline", ".properties");
    Properties p = new Properties();
    p.putAll(f.scenario.settings());
    try (var out = Files.newBufferedWriter(config)) {
      p.store(out, "ProcessKillIT");
    }
    return config;
  }

  /**
   * SIGTERM (what docker stop and Kubernetes send): the pipeline stops reading, lets running writes
   * finish, commits and exits in time; the next start goes on where it stopped.
   */
  @Test
  void aTerminatedPipelineStopsInTimeAndResumesWithoutLossOrDuplicates() throws Exception {
    stopMidRunAndRestart(false);
  }

  private static void stopMidRunAndRestart(boolean kill) throws Exception {
    // Slow responses keep requests in flight when the kill comes; dropped ones leave creates
    // unacknowledged.
    try (E2eFixture f = new E2eFixture(WriteModel.NESTED, BUDGET, SINGLE_CALLS)) {
      f.emulator.applyFaults(FaultSpec.parse("latency=20ms,drop=3%,seed=4"));
      Path config = configFile(f);
      DemoOrders orders = new DemoOrders(101, 17);
      long start = System.nanoTime();
      f.scenario.publish(orders.records());

      Process first = start(config, f.emulator.config().apiKey());
      stopWhen(first, kill, () -> f.count("order") >= 25);
      if (!kill) {
        // 143 is 128 + SIGTERM: the JVM ran its shutdown hooks and exited on the signal.
        assertThat(first.exitValue()).isEqualTo(143);
      }
      int atKill = f.count("order");
      assertThat(atKill).as("killed mid-run").isBetween(1, 99);

      restartAndVerify(f, config, orders, start);
    }
  }

  /** Starts the pipeline again and waits: every valid order delivered, nothing stale or twice. */
  private static void restartAndVerify(E2eFixture f, Path config, DemoOrders orders, long start)
      throws Exception {
    Process second = start(config, f.emulator.config().apiKey());
    try {
      DemoSummary s =
          f.scenario.await(
              orders,
              Duration.ofMinutes(4),
              () -> second.isAlive() ? null : "the restarted pipeline exited",
              start);
      E2eFixture.assertInvariants(s, BUDGET);
      assertThat(s.delivered()).isEqualTo(orders.validOrders().size());
    } finally {
      second.destroy();
      second.waitFor(60, TimeUnit.SECONDS);
    }
  }

  private static Process start(Path config, String apiKey) throws Exception {
    return PipelineProcess.start(config, apiKey);
  }

  /**
   * Waits (polling fast, so the stop comes in the middle of the work) until {@code progress}, then
   * stops the process: SIGKILL with {@code kill}, else SIGTERM.
   */
  private static void stopWhen(Process p, boolean kill, Callable<Boolean> progress)
      throws InterruptedException {
    try {
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(progress);
    } finally {
      if (kill) {
        p.destroyForcibly();
      } else {
        p.destroy();
      }
      // A graceful stop has at most 30 s to drain the sink and 30 s to close Streams.
      assertThat(p.waitFor(75, TimeUnit.SECONDS)).as("stopped in time").isTrue();
    }
  }
}
