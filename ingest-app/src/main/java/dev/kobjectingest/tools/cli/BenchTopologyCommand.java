package dev.kobjectingest.tools.cli;

import dev.kobjectingest.kafka.embedded.EmbeddedKafkaBroker;
import dev.kobjectingest.tools.bench.TopologyBenchmark;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench topology}: the topology's events per second against a pass-through topology, same
 * run.
 */
@Command(
    name = "topology",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the ingest topology's events/s against a pass-through topology on a real broker.",
      "Pre-loads N orders (3 events each: order, shipment, line-item change), then measures events/s through",
      "a pass-through topology and through the ingest topology, same topics and settings.",
      "Prints one JSON line."
    })
final class BenchTopologyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--orders",
      defaultValue = "20000",
      description = "Orders to pre-load. Default: ${DEFAULT-VALUE}.")
  int orders;

  @Option(
      names = "--partitions",
      defaultValue = "3",
      description = "Partitions per input topic. Default: ${DEFAULT-VALUE}.")
  int partitions;

  @Option(
      names = "--model",
      defaultValue = "nested",
      description = "nested or rel. Default: ${DEFAULT-VALUE}.")
  String model;

  @Option(names = "--bootstrap", description = "Use this Kafka instead of an in-process broker.")
  String bootstrap;

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("kobject-ingest-bench");
    PrintWriter out = spec.commandLine().getOut();
    TopologyBenchmark.Result r;
    if (bootstrap != null) {
      r = new TopologyBenchmark(bootstrap, work, System::nanoTime).run(orders, partitions, model);
    } else {
      try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Map.of())) {
        r =
            new TopologyBenchmark(broker.bootstrapServers(), work, System::nanoTime)
                .run(orders, partitions, model);
      }
    }
    out.println(
        String.format(
            Locale.ROOT,
            "{\"benchmark\":\"topology\",\"events\":%d,\"orders\":%d,\"partitions\":%d,\"model\":\"%s\","
                + "\"passThroughSeconds\":%.2f,\"passThroughEventsPerSecond\":%.0f,"
                + "\"topologySeconds\":%.2f,\"topologyEventsPerSecond\":%.0f,\"topologyShareOfPassThrough\":%.2f}",
            r.events(),
            orders,
            r.partitions(),
            r.model(),
            r.passThroughSeconds(),
            r.passThroughEventsPerSecond(),
            r.topologySeconds(),
            r.topologyEventsPerSecond(),
            r.topologyEventsPerSecond() / r.passThroughEventsPerSecond()));
    return 0;
  }
}
