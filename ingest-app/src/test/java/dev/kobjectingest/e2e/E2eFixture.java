package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.emulator.EmulatorConfig;
import dev.kobjectingest.emulator.KustomerEmulator;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.testsupport.KafkaTestBroker;
import dev.kobjectingest.tools.demo.DemoSummary;
import dev.kobjectingest.tools.demo.Scenario;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The pipeline on the shared real broker against a fresh emulator, in its own namespace. */
final class E2eFixture implements AutoCloseable {
  static final Path RULES = Path.of("..", "mapping-rules");

  final KustomerEmulator emulator;
  final Scenario scenario;
  final StringWriter log = new StringWriter();

  E2eFixture(WriteModel model, int rateLimit, Map<String, String> overrides) throws Exception {
    this(model, rateLimit, overrides, c -> c);
  }

  E2eFixture(
      WriteModel model,
      int rateLimit,
      Map<String, String> overrides,
      java.util.function.UnaryOperator<EmulatorConfig> emulatorConfig)
      throws Exception {
    this.emulator =
        // Uniqueness off: a second customer for one identity would be stored and counted, so the
        // tests
        // prove the pipeline never makes one rather than relying on Kustomer to refuse it.
        KustomerEmulator.start(
            emulatorConfig.apply(
                EmulatorConfig.defaults()
                    .withRateLimitPerMinute(rateLimit)
                    .withCustomerUniqueness(false)));
    KafkaTestBroker kafka = KafkaTestBroker.shared();
    Map<String, String> o = new HashMap<>();
    // Faster retries than production: the faults here are short, and tests should be quick.
    o.put("sink.retry.base.ms", "50");
    o.put("sink.retry.max.ms", "2000");
    o.putAll(overrides);
    this.scenario =
        new Scenario(
            kafka.bootstrapServers(),
            emulator,
            kafka.uniqueTopic("e2e"),
            RULES,
            Files.createTempDirectory("e2e"),
            model,
            rateLimit,
            o,
            new PrintWriter(log, true),
            System::nanoTime);
  }

  /**
   * The invariants of docs/design.md 4 after a run: nothing missing, stale or duplicated; one
   * budget.
   */
  static void assertInvariants(DemoSummary s, int budget) {
    assertThat(s.missing()).as("missing orders: " + s.toJson()).isZero();
    assertThat(s.stale()).as("stale orders: " + s.toJson()).isZero();
    assertThat(s.duplicates()).as("duplicates: " + s.toJson()).isZero();
    assertThat(s.peakRequestsPerMinute())
        .as("peak requests per rolling minute: " + s.toJson())
        .isLessThanOrEqualTo(budget);
  }

  @Override
  public void close() {
    emulator.close();
  }
}
