package dev.kobjectingest.tools.cli;

import dev.kobjectingest.kafka.embedded.EmbeddedKafkaBroker;
import dev.kobjectingest.tools.bench.EndToEndBenchmark;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench e2e}: every end-to-end figure of BENCHMARKS.md from one run. */
@Command(
    name = "e2e",
    mixinStandardHelpOptions = true,
    description = {
      "Run the end-to-end benchmarks and write BENCHMARKS.md and benchmarks.json.",
      "End-to-end workloads on an in-process broker and the emulator: backlog with bulk writes against the",
      "single-call baseline, limiter use of the budget (1 instance, 3 sharing Redis, 3 independent),",
      "trickle latency, topology against pass-through, peak RSS. Writes BENCHMARKS.md and benchmarks.json.",
      "Needs redis-server on the PATH (the shared-bucket run). Takes about 15 minutes."
    })
final class BenchE2eCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--orders", defaultValue = "20000", description = "Backlog orders.")
  int orders;

  @Option(names = "--baseline-orders", defaultValue = "300", description = "Baseline sample.")
  int baselineOrders;

  @Option(names = "--budget", defaultValue = "1000", description = "Requests per minute.")
  int budget;

  @Option(names = "--topology-orders", defaultValue = "20000", description = "Topology run.")
  int topologyOrders;

  @Option(names = "--trickle-orders", defaultValue = "80", description = "Trickle run.")
  int trickleOrders;

  @Option(names = "--limiter-seconds", defaultValue = "60", description = "Limiter window.")
  int limiterSeconds;

  @Option(names = "--rules", defaultValue = "mapping-rules", description = "Rules directory.")
  Path rules;

  @Option(names = "--out", defaultValue = ".", description = "Where BENCHMARKS.md goes.")
  Path out;

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    Path jar =
        Path.of(BenchE2eCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String command =
        String.format(
            java.util.Locale.ROOT,
            "java -jar ingest-app/target/ingest-app.jar bench e2e --orders %d --baseline-orders %d"
                + " --budget %d --topology-orders %d --trickle-orders %d --limiter-seconds %d",
            orders,
            baselineOrders,
            budget,
            topologyOrders,
            trickleOrders,
            limiterSeconds);
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Map.of())) {
      new EndToEndBenchmark(broker.bootstrapServers(), rules, jar, w)
          .run(
              new EndToEndBenchmark.Plan(
                  orders,
                  baselineOrders,
                  budget,
                  topologyOrders,
                  trickleOrders,
                  50,
                  Duration.ofSeconds(limiterSeconds)),
              out,
              command);
    }
    w.println("wrote " + out.resolve("BENCHMARKS.md") + " and " + out.resolve("benchmarks.json"));
    return 0;
  }
}
