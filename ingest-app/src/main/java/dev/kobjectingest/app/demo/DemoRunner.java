package dev.kobjectingest.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.app.Sandbox;
import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.emulator.EmulatorConfig;
import dev.kobjectingest.emulator.FaultSpec;
import dev.kobjectingest.emulator.KustomerEmulator;
import dev.kobjectingest.kustomer.ApiKey;
import dev.kobjectingest.mapping.OrderWrite;
import dev.kobjectingest.mapping.WriteModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

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
    EmulatorConfig emulatorConfig =
        EmulatorConfig.defaults().withRateLimitPerMinute(options.rateLimit());
    try (Sandbox sandbox = Sandbox.start(emulatorConfig)) {
      KustomerEmulator emulator = sandbox.emulator();
      IngestConfig config = config(sandbox, work);
      Map<String, String> topicByKind = topicsByKind(config);
      sandbox.createTopics(topicByKind.values(), 3);
      DemoOrders orders = new DemoOrders(options.orders(), options.seed());
      ExpectedOrders expected =
          new ExpectedOrders(config.rules(), topicByKind, orders.records(), options.model());
      emulator.applyFaults(FaultSpec.parse(options.faults()));
      progress.printf(
          Locale.ROOT,
          "sandbox: Kafka %s, Kustomer emulator %s (budget %d/min, faults: %s)%n",
          sandbox.bootstrapServers(),
          emulator.baseUrl(),
          options.rateLimit(),
          options.faults());
      try (Pipeline pipeline =
              Pipeline.start(config, ApiKey.of(emulator.config().apiKey()), "demo");
          DeadLetterWatcher dead =
              new DeadLetterWatcher(
                  sandbox.bootstrapServers(), config.get("topics.dead-letters"))) {
        publish(sandbox.bootstrapServers(), topicByKind, orders.records());
        progress.printf(
            Locale.ROOT,
            "published %d events for %d orders (%d invalid)%n",
            orders.records().size(),
            orders.validOrders().size(),
            orders.invalidKeys().size());
        Check check = awaitDone(emulator, expected, orders, dead, pipeline, start);
        JsonNode stats = emulator.stats();
        return new DemoSummary(
            options.orders(),
            orders.records().size(),
            check.delivered,
            check.missing,
            check.stale,
            stats.path("duplicateKObjects").asInt() + stats.path("duplicateCustomers").asInt(),
            dead.count(),
            stats.path("requests").asLong(),
            stats.path("throttled").asLong(),
            (nanoTime.getAsLong() - start) / 1e9,
            stats.path("peakRequestsPerMinute").asLong(),
            options.rateLimit());
      }
    }
  }

  private IngestConfig config(Sandbox sandbox, Path work) throws Exception {
    Map<String, String> o = new HashMap<>();
    o.put("kafka.bootstrap.servers", sandbox.bootstrapServers());
    o.put("streams.application.id", "kobject-ingest-demo");
    o.put("streams.state.dir", work.resolve("state").toString());
    o.put("rules.dir", options.rulesDir().toString());
    o.put("model", options.model().label());
    o.put("topics.partitions", "3");
    o.put("kustomer.base-url", sandbox.emulator().baseUrl().toString());
    o.put("kustomer.rate-limit.per-minute", String.valueOf(options.rateLimit()));
    o.put("sink.group.id", "kobject-ingest-demo-sink");
    return IngestConfig.load(null, Map.of(), o);
  }

  private static Map<String, String> topicsByKind(IngestConfig config) {
    Map<String, String> out = new HashMap<>();
    config.rules().byTopic().values().forEach(r -> out.put(r.kind().label(), r.topic()));
    return out;
  }

  private static void publish(
      String bootstrap, Map<String, String> topics, List<DemoOrders.RawEvent> events)
      throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("linger.ms", 5);
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (DemoOrders.RawEvent e : events) {
        sends.add(producer.send(new ProducerRecord<>(topics.get(e.kind()), e.key(), e.json())));
      }
    }
    for (Future<RecordMetadata> f : sends) {
      f.get();
    }
  }

  private static final class Check {
    int delivered;
    int missing;
    int stale;
  }

  private Check awaitDone(
      KustomerEmulator emulator,
      ExpectedOrders expected,
      DemoOrders orders,
      DeadLetterWatcher dead,
      Pipeline pipeline,
      long start)
      throws Exception {
    long deadline = nanoTime.getAsLong() + options.timeout().toNanos();
    long lastReport = 0;
    Check check = check(emulator, expected, orders, dead);
    while (nanoTime.getAsLong() < deadline) {
      check = check(emulator, expected, orders, dead);
      boolean invalidDone = dead.keys().containsAll(orders.invalidKeys());
      if (check.missing == 0 && check.stale == 0 && invalidDone) {
        break;
      }
      if (pipeline.failure() != null) {
        throw new IllegalStateException(pipeline.failure());
      }
      if (nanoTime.getAsLong() - lastReport > 2_000_000_000L) {
        JsonNode s = emulator.stats();
        progress.printf(
            Locale.ROOT,
            "%5.0fs  delivered %d/%d, stale %d, dead letters %d, API requests %d (peak %d/min), 429s %d%n",
            (nanoTime.getAsLong() - start) / 1e9,
            check.delivered,
            orders.validOrders().size(),
            check.stale,
            dead.count(),
            s.path("requests").asLong(),
            s.path("peakRequestsPerMinute").asLong(),
            s.path("throttled").asLong());
        lastReport = nanoTime.getAsLong();
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
    return check;
  }

  private Check check(
      KustomerEmulator emulator,
      ExpectedOrders expected,
      DemoOrders orders,
      DeadLetterWatcher dead) {
    Map<String, JsonNode> objects = byExternalId(objectsOf(emulator, "order"));
    Map<String, JsonNode> items =
        options.model() == WriteModel.REL ? byId(objectsOf(emulator, "order-item")) : Map.of();
    Set<String> deadKeys = dead.keys();
    Check c = new Check();
    for (String orderId : orders.validOrders()) {
      JsonNode actual = objects.get(orderId);
      OrderWrite want = expected.get(orderId);
      if (actual == null) {
        if (!deadKeys.contains(orderId)) {
          c.missing++;
        }
      } else if (ExpectedOrders.matches(want.order(), actual.path("attributes"))
          && itemsMatch(want, actual, items)) {
        c.delivered++;
      } else {
        c.stale++;
      }
    }
    return c;
  }

  /** The klass's objects; none while the sink has not created the klass yet. */
  private static JsonNode objectsOf(KustomerEmulator emulator, String klass) {
    try {
      return emulator.objects(klass);
    } catch (RuntimeException e) {
      return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }
  }

  private boolean itemsMatch(OrderWrite want, JsonNode order, Map<String, JsonNode> items) {
    if (options.model() != WriteModel.REL) {
      return true;
    }
    JsonNode rel = order.path("attributes").path("custom").path("itemsRel");
    if (rel.size() != want.items().size()) {
      return false;
    }
    for (int i = 0; i < want.items().size(); i++) {
      JsonNode item = items.get(rel.get(i).asText());
      ObjectNode w = want.items().get(i);
      if (item == null
          || !item.path("attributes")
              .path("externalId")
              .asText()
              .equals(w.path("externalId").asText())
          || !ExpectedOrders.matches(w, item.path("attributes"))) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, JsonNode> byExternalId(JsonNode list) {
    Map<String, JsonNode> out = new HashMap<>();
    list.path("data").forEach(o -> out.put(o.path("attributes").path("externalId").asText(), o));
    return out;
  }

  private static Map<String, JsonNode> byId(JsonNode list) {
    Map<String, JsonNode> out = new HashMap<>();
    list.path("data").forEach(o -> out.put(o.path("id").asText(), o));
    return out;
  }

  /** Reads the dead-letter topic as it grows: which keys died, and how many records. */
  static final class DeadLetterWatcher implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Set<String> keys = new HashSet<>();
    private int count;

    DeadLetterWatcher(String bootstrap, String topic) {
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ConsumerConfig.GROUP_ID_CONFIG, "demo-dead-letter-watcher");
      p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
      consumer.subscribe(List.of(topic));
    }

    private void poll() {
      consumer
          .poll(Duration.ofMillis(50))
          .forEach(
              r -> {
                count++;
                if (r.key() != null) {
                  keys.add(r.key());
                }
              });
    }

    Set<String> keys() {
      poll();
      return keys;
    }

    int count() {
      poll();
      return count;
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
