package dev.kobjectingest.tools.cli;

import dev.kobjectingest.kafka.embedded.EmbeddedKafkaBroker;
import dev.kobjectingest.tools.bench.EndToEndBenchmark;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench e2e}: every end-to-end figure of BENCHMARKS.md from one run. */
@Command(
    name = "e2e",
    mixinStandardHelpOptions = true,
    description = {
      "Run the end-to-end benchmarks and write BENCHMARKS.md and benchmarks.json.",
      "End-to-end workloads on an in-process broker and the emulator: backlog with bulk writes against the",
      "single-call baseline, in an empty org and in real ones (customers already there, objects another",
      "integration wrote, the Rel model, bulk jobs that take seconds), limiter use of the budget",
      "(1 instance, 3 sharing Redis, 3 independent), trickle latency, the first object after a start,",
      "topology against pass-through, peak RSS. Writes BENCHMARKS.md and benchmarks.json.",
      "Needs redis-server on the PATH (the shared-bucket run). Takes about an hour at the defaults."
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

  @Option(
      names = "--job-latency-orders",
      defaultValue = "5000",
      description = "Backlog of the slow bulk jobs run.")
  int jobLatencyOrders;

  @Option(
      names = "--job-latency-seconds",
      defaultValue = "3",
      description = "How long the emulator keeps each bulk job.")
  int jobLatencySeconds;

  @Option(
      names = "--not-owned-orders",
      defaultValue = "5000",
      description = "Backlog of the not-owned run (one lookup per order: budget-bound).")
  int notOwnedOrders;

  @Option(
      names = "--first-object-starts",
      defaultValue = "3",
      description = "Starts measured per model.")
  int firstObjectStarts;

  @Option(
      names = "--runs",
      split = ",",
      description =
          "Backlog runs to measure, by name (default: all): bulk, baseline, brownfield,"
              + " brownfield-not-owned, rel, bulk-job-latency.")
  List<String> runs = EndToEndBenchmark.Plan.RUNS;

  @Option(
      names = "--sections",
      split = ",",
      description =
          "Sections to run (default: all): backlog, limiter, trickle, first-object, topology; the"
              + " others are left out of the report, e.g. --runs bulk --sections backlog.")
  List<String> sections = EndToEndBenchmark.Plan.SECTIONS;

  @Option(
      names = "--history-orders",
      defaultValue = "200000",
      description =
          "Distinct orders the history run's pipeline has learned before its backlog (memory must"
              + " not grow with them).")
  int historyOrders;

  @Option(names = "--rules", defaultValue = "mapping-rules", description = "Rules directory.")
  Path rules;

  @Option(names = "--out", defaultValue = ".", description = "Where BENCHMARKS.md goes.")
  Path out;

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    unknown("--runs", runs, EndToEndBenchmark.Plan.RUNS);
    unknown("--sections", sections, EndToEndBenchmark.Plan.SECTIONS);
    Path jar =
        Path.of(BenchE2eCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String command =
        String.format(
                java.util.Locale.ROOT,
                "java -jar ingest-app/target/ingest-app.jar bench e2e --orders %d --baseline-orders %d"
                    + " --budget %d --topology-orders %d --trickle-orders %d --limiter-seconds %d"
                    + " --job-latency-orders %d --job-latency-seconds %d --not-owned-orders %d"
                    + " --first-object-starts %d --history-orders %d",
                orders,
                baselineOrders,
                budget,
                topologyOrders,
                trickleOrders,
                limiterSeconds,
                jobLatencyOrders,
                jobLatencySeconds,
                notOwnedOrders,
                firstObjectStarts,
                historyOrders)
            + (runs.equals(EndToEndBenchmark.Plan.RUNS) ? "" : " --runs " + String.join(",", runs))
            + (sections.equals(EndToEndBenchmark.Plan.SECTIONS)
                ? ""
                : " --sections " + String.join(",", sections));
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
                  Duration.ofSeconds(limiterSeconds),
                  jobLatencyOrders,
                  Duration.ofSeconds(jobLatencySeconds),
                  notOwnedOrders,
                  firstObjectStarts,
                  historyOrders,
                  Set.copyOf(runs),
                  Set.copyOf(sections)),
              out,
              command);
    }
    w.println("wrote " + out.resolve("BENCHMARKS.md") + " and " + out.resolve("benchmarks.json"));
    return 0;
  }

  /** A misspelt name would silently measure nothing: refused before anything starts. */
  private void unknown(String option, List<String> given, List<String> known) {
    for (String name : given) {
      if (!known.contains(name)) {
        throw new ParameterException(
            spec.commandLine(),
            option + ": unknown name '" + name + "'; known: " + String.join(",", known));
      }
    }
  }
}
