package dev.kobjectingest.tools.bench;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Where a {@code bench topology} run spent its stream thread's time and how much it wrote, printed
 * to stderr when the JVM runs with {@code -Dbench.diagnostics=true}: the thread's process, commit,
 * poll and punctuate ratios (Kafka Streams' own metrics) at the moment the input was consumed,
 * then, once the topology has gone quiet, the records in each topic of the run (end offsets: under
 * exactly-once they include a transaction marker per partition and commit).
 */
final class TopologyDiagnostics {
  static final String PROPERTY = "bench.diagnostics";
  private static final long QUIET_MILLIS = 3_000;

  private TopologyDiagnostics() {}

  static void print(KafkaStreams streams, Admin admin, String run, PrintStream out)
      throws Exception {
    streams
        .metrics()
        .forEach(
            (name, metric) -> {
              if (name.group().equals("stream-thread-metrics")
                  && (name.name().endsWith("-ratio")
                      || name.name().endsWith("-latency-avg")
                      || name.name().equals("process-total")
                      || name.name().equals("commit-total"))) {
                out.println("bench.diagnostics thread " + name.name() + " " + metric.metricValue());
              }
            });
    Map<String, Long> previous = Map.of();
    long quietSince = System.nanoTime();
    while (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - quietSince) < QUIET_MILLIS) {
      TimeUnit.MILLISECONDS.sleep(500);
      Map<String, Long> now = records(admin, run);
      if (!now.equals(previous)) {
        previous = now;
        quietSince = System.nanoTime();
      }
    }
    previous.forEach((topic, n) -> out.println("bench.diagnostics topic " + topic + " " + n));
  }

  private static Map<String, Long> records(Admin admin, String run) throws Exception {
    var names =
        admin.listTopics().names().get(60, TimeUnit.SECONDS).stream()
            .filter(t -> t.startsWith(run))
            .toList();
    Map<TopicPartition, OffsetSpec> latest =
        admin.describeTopics(names).allTopicNames().get(60, TimeUnit.SECONDS).values().stream()
            .flatMap(
                d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
            .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
    Map<String, Long> totals = new TreeMap<>();
    admin
        .listOffsets(latest)
        .all()
        .get(60, TimeUnit.SECONDS)
        .forEach((tp, info) -> totals.merge(tp.topic(), info.offset(), Long::sum));
    return totals;
  }
}
