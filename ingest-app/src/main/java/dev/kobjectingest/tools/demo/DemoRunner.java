package dev.kobjectingest.tools.demo;

import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.emulator.EmulatorConfig;
import dev.kobjectingest.emulator.FaultSpec;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.support.ExpectedLogNoise;
import dev.kobjectingest.tools.Sandbox;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The one-command demo: a sandbox (real broker + emulator), the pipeline on embedded defaults, N
 * generated orders with their shipment and line-item events (some out of order, duplicated,
 * invalid), a wait until every order is in the emulator or dead-lettered, and a check of the
 * emulator's objects against each order's latest state.
 */
public final class DemoRunner {
  /** What to run. */
  public record Options(
      int orders,
      WriteModel model,
      int rateLimit,
      String faults,
      Duration timeout,
      Path rulesDir,
      long seed) {}

  private final Options options;
  private final PrintWriter progress;
  private final LongSupplier nanoTime;

  public DemoRunner(Options options, PrintWriter progress, LongSupplier nanoTime) {
    this.options = options;
    this.progress = progress;
    this.nanoTime = nanoTime;
  }

  public DemoSummary run() throws Exception {
    long start = nanoTime.getAsLong();
    Path work = Files.createTempDirectory("kobject-ingest-demo");
    // Its state is thrown away with the sandbox: Kafka's warning about a temporary state
    // directory is expected here.
    ExpectedLogNoise.expectTemporaryStateDir();
    FaultSpec faults = FaultSpec.parse(options.faults());
    try (Sandbox sandbox =
        Sandbox.start(EmulatorConfig.defaults().withRateLimitPerMinute(options.rateLimit()))) {
      Scenario scenario =
          new Scenario(
              sandbox.bootstrapServers(),
              sandbox.emulator(),
              "",
              options.rulesDir(),
              work,
              options.model(),
              options.rateLimit(),
              Map.of(),
              progress,
              nanoTime);
      DemoOrders orders = new DemoOrders(options.orders(), options.seed());
      sandbox.emulator().applyFaults(faults);
      progress.printf(
          Locale.ROOT,
          "sandbox: Kafka %s, Kustomer emulator %s (budget %d/min, faults: %s, model %s)%n",
          sandbox.bootstrapServers(),
          sandbox.emulator().baseUrl(),
          options.rateLimit(),
          options.faults(),
          options.model().label());
      try (Pipeline pipeline = scenario.startPipeline()) {
        scenario.publish(orders.records());
        progress.printf(
            Locale.ROOT,
            "published %d events for %d orders (%d invalid)%n",
            orders.records().size(),
            orders.validOrders().size(),
            orders.invalidKeys().size());
        progress.flush();
        return scenario.await(orders, options.timeout(), pipeline::failure, start);
      }
    }
  }
}
