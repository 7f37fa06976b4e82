package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.kustomer.ApiKey;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.tools.demo.DemoOrders;
import dev.kobjectingest.tools.demo.DemoSummary;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the sink does when the configuration, not the data, is wrong. */
class SinkPolicyIT {
  @Test
  void aRefusedApiKeyStopsTheSinkLoudlyWithoutBurningTheBudget() throws Exception {
    try (E2eFixture f = new E2eFixture(WriteModel.NESTED, 6000, Map.of())) {
      f.scenario.publish(new DemoOrders(11, 2).records());
      try (Pipeline p = Pipeline.start(f.scenario.config(), ApiKey.of("revoked-key"), "test")) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (p.failure() == null && System.nanoTime() < deadline) {
          TimeUnit.MILLISECONDS.sleep(50);
        }
        assertThat(p.failure()).contains("the sink stopped").contains("401");
        long spent = f.emulator.stats().path("requests").asLong();
        TimeUnit.SECONDS.sleep(2);
        assertThat(f.emulator.stats().path("requests").asLong())
            .as("no more requests once refused")
            .isEqualTo(spent);
        assertThat(spent).isLessThan(50);
      }
    }
  }

  @Test
  void aMissingKlassWithBootstrapOffIsDeadLetteredAsKlassMissing() throws Exception {
    try (E2eFixture f =
        new E2eFixture(WriteModel.NESTED, 6000, Map.of("kustomer.klass.bootstrap", "false"))) {
      DemoOrders orders = new DemoOrders(6, 8);
      long start = System.nanoTime();
      try (Pipeline p = f.scenario.startPipeline()) {
        f.scenario.publish(orders.records());
        DemoSummary s = f.scenario.await(orders, Duration.ofMinutes(2), p::failure, start);

        // Every order is dead-lettered (none missing, none written), and the pipeline keeps
        // running.
        assertThat(s.missing()).isZero();
        assertThat(s.delivered()).isZero();
        assertThat(s.deadLetters())
            .isGreaterThanOrEqualTo(orders.validOrders().size() + orders.invalidKeys().size());
        assertThat(p.healthy()).isTrue();
      }
    }
  }

  @Test
  void aMissingKlassCanBeMadeAFatalConfigurationError() throws Exception {
    Map<String, String> o =
        Map.of("kustomer.klass.bootstrap", "false", "kustomer.klass.missing", "fail");
    try (E2eFixture f = new E2eFixture(WriteModel.NESTED, 6000, o)) {
      f.scenario.publish(new DemoOrders(6, 8).records());
      try (Pipeline p = f.scenario.startPipeline()) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (p.failure() == null && System.nanoTime() < deadline) {
          TimeUnit.MILLISECONDS.sleep(50);
        }
        assertThat(p.failure()).contains("klass 'order' is missing");
      }
    }
  }
}
