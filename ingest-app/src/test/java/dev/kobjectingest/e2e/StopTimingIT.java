package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.emulator.FaultSpec;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.tools.demo.DemoOrders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packaged pipeline stops within Kubernetes' default grace period (30 s) whatever Kustomer
 * does, and a restarted instance writes again within 15 s of a SIGKILL.
 */
class StopTimingIT {
  private static final Logger LOG = LoggerFactory.getLogger(StopTimingIT.class);

  @Test
  void sigtermWithKustomerUnreachableExitsWithinTheGracePeriod() throws Exception {
    try (E2eFixture f = new E2eFixture(WriteModel.NESTED, 6000, Map.of())) {
      f.emulator.applyFaults(FaultSpec.parse("outage=600s@0s"));
      Process run = PipelineProcess.start(config(f), f.emulator.config().apiKey());
      try {
        f.scenario.publish(new DemoOrders(40, 5).records());
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        // Writes failing and being retried: the sink is busy with a Kustomer it cannot reach.
        while (f.emulator.stats().path("requests").asLong() < 10 && System.nanoTime() < deadline) {
          TimeUnit.MILLISECONDS.sleep(100);
        }
        assertThat(f.emulator.stats().path("requests").asLong()).isGreaterThanOrEqualTo(10);

        long start = System.nanoTime();
        run.destroy(); // SIGTERM
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        LOG.info("SIGTERM with Kustomer unreachable: exited in {} ms", millis);
        assertThat(run.exitValue()).isEqualTo(143);
      } finally {
        run.destroyForcibly();
      }
    }
  }

  @Test
  void aRestartedInstanceWritesAgainWithin15SecondsOfASigkill() throws Exception {
    try (E2eFixture f = new E2eFixture(WriteModel.NESTED, 6000, Map.of())) {
      Path config = config(f);
      Process first = PipelineProcess.start(config, f.emulator.config().apiKey());
      Process second = null;
      try {
        f.scenario.publish(new DemoOrders(30, 6).records());
        awaitObjects(f, 10, Duration.ofMinutes(2));
        first.destroyForcibly(); // SIGKILL
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int before = awaitQuiet(f);

        long start = System.nanoTime();
        second = PipelineProcess.start(config, f.emulator.config().apiKey());
        f.scenario.publish(new DemoOrders(10, 7).records());
        awaitObjects(f, before + 1, Duration.ofMinutes(1));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        LOG.info(
            "restart after SIGKILL: writing again {} ms after the new process started", millis);
        assertThat(millis).as("writing again within 15 s").isLessThan(15_000);
      } finally {
        first.destroyForcibly();
        if (second != null) {
          second.destroy();
          second.waitFor(40, TimeUnit.SECONDS);
        }
      }
    }
  }

  private static Path config(E2eFixture f) throws Exception {
    Path config = Files.createTempFile("stop-timing", ".properties");
    Properties p = new Properties();
    p.putAll(f.scenario.settings());
    try (var out = Files.newBufferedWriter(config)) {
      p.store(out, "StopTimingIT");
    }
    return config;
  }

  private static int orders(E2eFixture f) {
    return f.emulator.stats().path("kobjects").path("order").asInt();
  }

  private static void awaitObjects(E2eFixture f, int n, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (orders(f) < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + orders(f) + " of " + n + " orders written");
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  /** The number of orders once nothing is written any more (the killed process's last calls). */
  private static int awaitQuiet(E2eFixture f) throws InterruptedException {
    int last = orders(f);
    TimeUnit.SECONDS.sleep(1);
    while (orders(f) != last) {
      last = orders(f);
      TimeUnit.SECONDS.sleep(1);
    }
    return last;
  }
}
