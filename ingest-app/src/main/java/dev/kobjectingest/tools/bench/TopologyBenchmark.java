package dev.kobjectingest.tools.bench;

import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.kafka.embedded.TopicReadiness;
import dev.kobjectingest.tools.demo.Scenario;
import dev.kobjectingest.topology.IngestStreamsApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Events per second through the topology, against a pass-through topology (source to sink, nothing
 * else) on the same pre-loaded topics, with the same Streams settings, in one run: the ratio is the
 * topology's own cost. Completion is measured on the committed offsets of the input topics reaching
 * their ends.
 */
public final class TopologyBenchmark {
  /** Figures of one run. */
  public record Result(
      int events, int partitions, String model, double passThroughSeconds, double topologySeconds) {
    public double passThroughEventsPerSecond() {
      return events / passThroughSeconds;
    }

    public double topologyEventsPerSecond() {
      return events / topologySeconds;
    }
  }

  /**
   * The commit interval of both topologies. Under exactly-once each commit is a transaction, so the
   * interval sets much of the cost per event: the two runs must share it for the ratio to mean the
   * topology's own cost (the ingest topology used to run at the product's 100 ms default while the
   * pass-through ran at 200 ms).
   */
  static final int COMMIT_INTERVAL_MS = 200;

  private final String bootstrap;
  private final Path workDir;
  private final LongSupplier nanoTime;

  public TopologyBenchmark(String bootstrap, Path workDir, LongSupplier nanoTime) {
    this.bootstrap = bootstrap;
    this.workDir = workDir;
    this.nanoTime = nanoTime;
  }

  public Result run(int orders, int partitions, String model) throws Exception {
    String run = "bench-" + Long.toHexString(nanoTime.getAsLong());
    Map<String, String> topics =
        Map.of(
            "order",
            run + ".orders.raw",
            "shipment",
            run + ".shipments.raw",
            "line-item",
            run + ".line-items.raw");
    Properties admin = new Properties();
    admin.put("bootstrap.servers", bootstrap);
    int events;
    int customers = Math.max(1, orders / 3);
    try (Admin a = Admin.create(admin)) {
      a.createTopics(
              topics.values().stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList())
          .all()
          .get(60, TimeUnit.SECONDS);
      TopicReadiness.awaitLeaders(a, topics.values(), Duration.ofSeconds(60));
      events = load(topics, orders, customers);
      Path rules =
          Scenario.namespacedRules(Path.of("mapping-rules"), workDir.resolve("rules-" + run), run);
      double passThrough = passThrough(a, topics, run + "-passthrough");
      double topology = topology(a, topics, rules, run, partitions, model, customers);
      return new Result(events, partitions, model, passThrough, topology);
    }
  }

  private int load(Map<String, String> topics, int orders, int customers) throws Exception {
    SeedEventGenerator gen = new SeedEventGenerator(42, customers);
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    for (int n = 0; n < orders; n++) {
      for (SeedEventGenerator.Event e : gen.orderEvents(n)) {
        records.add(new ProducerRecord<>(topics.get(e.kind()), e.key(), e.json()));
      }
    }
    produce(records);
    return records.size();
  }

  /** Sends every record and checks every send: a lost event would make the figures meaningless. */
  private void produce(List<ProducerRecord<String, String>> records) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.putAll(TopicReadiness.orderedProducerSettings());
    List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (ProducerRecord<String, String> r : records) {
        sends.add(producer.send(r));
      }
      producer.flush();
    }
    for (Future<RecordMetadata> f : sends) {
      f.get();
    }
  }

  private double passThrough(Admin admin, Map<String, String> topics, String appId)
      throws Exception {
    StreamsBuilder b = new StreamsBuilder();
    for (String t : topics.values()) {
      b.stream(t, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
          .to(appId + ".out", Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    }
    admin
        .createTopics(List.of(new NewTopic(appId + ".out", 3, (short) 1)))
        .all()
        .get(60, TimeUnit.SECONDS);
    Properties p = new Properties();
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
    p.put(StreamsConfig.STATE_DIR_CONFIG, workDir.resolve("state").toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
    p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    try (KafkaStreams streams = new KafkaStreams(b.build(), p)) {
      long start = nanoTime.getAsLong();
      streams.start();
      awaitCommitted(admin, appId, topics.values());
      return (nanoTime.getAsLong() - start) / 1e9;
    }
  }

  private double topology(
      Admin admin,
      Map<String, String> topics,
      Path rules,
      String run,
      int partitions,
      String model,
      int customers)
      throws Exception {
    Map<String, String> o = new HashMap<>();
    o.put("kafka.bootstrap.servers", bootstrap);
    o.put("streams.application.id", run + "-topology");
    o.put("streams.state.dir", workDir.resolve("state").toString());
    o.put("rules.dir", rules.toString());
    o.put("model", model);
    o.put("streams.commit.interval.ms", String.valueOf(COMMIT_INTERVAL_MS));
    o.put("topics.partitions", String.valueOf(partitions));
    for (String t :
        List.of(
            "dead-letters", "customer-commands", "order-commands", "customer-ids", "sink-ids")) {
      o.put("topics." + t, run + "." + t);
    }
    IngestConfig config = IngestConfig.load(null, Map.of(), o);
    // Customers are known up front, as for a backlog of returning customers: every order reaches a
    // write.
    admin
        .createTopics(List.of(new NewTopic(run + ".customer-ids", partitions, (short) 1)))
        .all()
        .get(60, TimeUnit.SECONDS);
    List<ProducerRecord<String, String>> known = new ArrayList<>();
    for (int c = 0; c < customers; c++) {
      known.add(
          new ProducerRecord<>(
              run + ".customer-ids", SeedEventGenerator.identityKey(c), "cust-" + c));
    }
    produce(known);
    try (IngestStreamsApp app = IngestStreamsApp.start(config, "bench")) {
      long start = nanoTime.getAsLong();
      awaitCommitted(admin, run + "-topology", topics.values());
      if (app.state() != KafkaStreams.State.RUNNING
          && app.state() != KafkaStreams.State.REBALANCING) {
        throw new IllegalStateException("the topology stopped: " + app.state());
      }
      double seconds = (nanoTime.getAsLong() - start) / 1e9;
      if (Boolean.getBoolean(TopologyDiagnostics.PROPERTY)) {
        TopologyDiagnostics.print(app.streams(), admin, run, System.err);
      }
      return seconds;
    }
  }

  /** Waits until the group's committed offsets reach the end of every partition of the topics. */
  private static void awaitCommitted(Admin admin, String group, java.util.Collection<String> topics)
      throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (var d : admin.describeTopics(topics).allTopicNames().get(60, TimeUnit.SECONDS).values()) {
      d.partitions()
          .forEach(
              pi -> latest.put(new TopicPartition(d.name(), pi.partition()), OffsetSpec.latest()));
    }
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        admin.listOffsets(latest).all().get(60, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (System.nanoTime() < deadline) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(60, TimeUnit.SECONDS);
      boolean done =
          ends.entrySet().stream()
              .allMatch(
                  e -> {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    return e.getValue().offset() == 0
                        || (c != null && c.offset() >= e.getValue().offset());
                  });
      if (done) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new IllegalStateException("group " + group + " did not finish within 10 minutes");
  }
}
