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
import java.util.Map;
import java.util.Properties;
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
      Process first = start(config, f.emulator.config().apiKey());
      try {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (f.emulator.stats().path("kobjects").path("order").asInt() < 50
            && System.nanoTime() < deadline) {
          TimeUnit.MILLISECONDS.sleep(20);
        }
      } finally {
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
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
   * 10 items per batch, each batch 400 ms): after the restart every order holds its complete item
   * list, every item names its order, and neither an order nor an item exists twice: the
   * interrupted creates are looked up (their pending marks in the id store), never repeated
   * blindly.
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
      Process first = start(config, f.emulator.config().apiKey());
      try {
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> objects(f, "order-item") >= 40 && objects(f, "order") >= 20);
      } finally {
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      int atKill = objects(f, "order") + objects(f, "order-item");
      System.out.printf(
          "TIMING killed at %.1fs: %s%n",
          (System.nanoTime() - start) / 1e9, f.emulator.stats().path("kobjects"));
      assertThat(objects(f, "order")).as("killed mid-run").isLessThan(orders.validOrders().size());
      // Jobs the dead process sent go on landing: creates were in flight at the kill.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> objects(f, "order") + objects(f, "order-item") > atKill);

      System.out.printf(
          "TIMING landed after kill at %.1fs: %s%n",
          (System.nanoTime() - start) / 1e9, f.emulator.stats().path("kobjects"));
      restartAndVerify(f, config, orders, start);
      System.out.printf(
          "TIMING verified at %.1fs: %s%n", (System.nanoTime() - start) / 1e9, f.emulator.stats());
      JsonNode stats = f.emulator.stats();
      assertThat(stats.path("duplicateKObjects").asInt()).as("orders or items twice").isZero();
      assertThat(stats.path("duplicateCustomers").asInt()).isZero();
      assertThat(objects(f, "order-item"))
          .as("one item object per item")
          .isEqualTo(f.scenario.expectedItemIds(orders).size());
      assertThat(objects(f, "order")).isEqualTo(orders.validOrders().size());
    }
  }

  @Test
  void probeLongJobsKill() throws Exception {
    try (E2eFixture f =
        new E2eFixture(
            WriteModel.REL,
            BUDGET,
            Map.of(),
            c ->
                c.withBulk(10, Duration.ofMillis(20))
                    .withBulkBatchLatency(Duration.ofSeconds(3)))) {
      Path config = configFile(f);
      DemoOrders orders = new DemoOrders(121, 31);
      long start = System.nanoTime();
      f.scenario.publish(orders.records());
      Process first = start(config, f.emulator.config().apiKey());
      try {
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> objects(f, "order-item") >= 10 && objects(f, "order") >= 10);
      } finally {
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      System.out.printf(
          "PROBE killed at %.1fs: %s%n", (System.nanoTime() - start) / 1e9, f.emulator.stats());
      Process second = start(config, f.emulator.config().apiKey());
      try {
        DemoSummary s =
            f.scenario.await(
                orders, Duration.ofMinutes(4), () -> second.isAlive() ? null : "exited", start);
        System.out.printf(
            "PROBE done at %.1fs: %s %s%n",
            (System.nanoTime() - start) / 1e9, s.toJson(), f.emulator.stats());
      } finally {
        second.destroy();
        second.waitFor(60, TimeUnit.SECONDS);
      }
    }
  }

  private static int objects(E2eFixture f, String klass) {
    return f.emulator.stats().path("kobjects").path(klass).asInt();
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
      try {
        waitForProgress(f, 25);
      } finally {
        if (kill) {
          first.destroyForcibly();
        } else {
          first.destroy();
        }
        // A graceful stop has at most 30 s to drain the sink and 30 s to close Streams.
        assertThat(first.waitFor(75, TimeUnit.SECONDS)).as("stopped in time").isTrue();
      }
      if (!kill) {
        // 143 is 128 + SIGTERM: the JVM ran its shutdown hooks and exited on the signal.
        assertThat(first.exitValue()).isEqualTo(143);
      }
      int atKill = f.emulator.stats().path("kobjects").path("order").asInt();
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

  private static void waitForProgress(E2eFixture f, int objects) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      if (f.emulator.stats().path("kobjects").path("order").asInt() >= objects) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new AssertionError("the pipeline made no progress");
  }
}
