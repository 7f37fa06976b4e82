package dev.kobjectingest.tools.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.emulator.KustomerEmulator;
import dev.kobjectingest.kafka.embedded.TopicReadiness;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One end-to-end run on a given broker and Kustomer (emulator): the pipeline's configuration for a
 * namespace (so runs on a shared broker do not meet), publishing a workload, waiting until every
 * order is delivered or dead-lettered, and checking every KObject against its order's latest state.
 * The demo and the end-to-end tests run the same code.
 */
public final class Scenario {
  private final KustomerEmulator emulator;
  private final WriteModel model;
  private final int rateLimit;
  private final IngestConfig config;
  private final Map<String, String> topicByKind = new HashMap<>();
  private final PrintWriter progress;
  private final LongSupplier nanoTime;
  private final Map<String, String> settings;
  private final Path workDir;
  private volatile Duration checkEvery = Duration.ofMillis(250);

  /**
   * @param namespace prefix of every topic, group and application id ("" for the plain names)
   * @param overrides further configuration (retry pacing, Redis, ...)
   */
  public Scenario(
      String bootstrap,
      KustomerEmulator emulator,
      String namespace,
      Path rulesDir,
      Path workDir,
      WriteModel model,
      int rateLimit,
      Map<String, String> overrides,
      PrintWriter progress,
      LongSupplier nanoTime)
      throws Exception {
    this.emulator = emulator;
    this.model = model;
    this.rateLimit = rateLimit;
    this.progress = progress;
    this.nanoTime = nanoTime;
    Path rules =
        namespace.isEmpty()
            ? rulesDir
            : namespacedRules(rulesDir, workDir.resolve("rules"), namespace);
    Map<String, String> o = new HashMap<>();
    String ns = namespace.isEmpty() ? "" : namespace + ".";
    o.put("kafka.bootstrap.servers", bootstrap);
    o.put("streams.application.id", ns + "kobject-ingest");
    o.put("streams.state.dir", workDir.resolve("state").toString());
    o.put("rules.dir", rules.toString());
    o.put("model", model.label());
    o.put("topics.partitions", "3");
    for (String t :
        List.of(
            "dead-letters", "customer-commands", "order-commands", "customer-ids", "sink-ids")) {
      o.put("topics." + t, ns + "ingest." + t);
    }
    o.put("kustomer.base-url", emulator.baseUrl().toString());
    o.put("kustomer.rate-limit.per-minute", String.valueOf(rateLimit));
    o.put("sink.group.id", ns + "kobject-ingest-sink");
    // A free port: scenarios share machines (and run side by side in tests).
    o.put("ops.port", "0");
    o.putAll(overrides);
    this.settings = Map.copyOf(o);
    this.workDir = workDir;
    this.config = IngestConfig.load(null, Map.of(), o);
    config.rules().byTopic().values().forEach(r -> topicByKind.put(r.kind().label(), r.topic()));
    createTopics(topicByKind.values());
  }

  /**
   * Copies the rule files of {@code from} to {@code to}, each topic prefixed with {@code
   * namespace.}, so several runs can share one broker without meeting.
   */
  public static Path namespacedRules(Path from, Path to, String namespace) throws Exception {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        String text =
            Files.readString(f).replaceFirst("(?m)^topic: (\\S+)$", "topic: " + namespace + ".$1");
        Files.writeString(to.resolve(f.getFileName()), text);
      }
    }
    return to;
  }

  /**
   * The configured Kafka client settings (SASL and TLS included), for the scenario's own clients.
   */
  private Properties clientProperties() {
    Properties p = new Properties();
    config.kafkaClientProperties().forEach(p::put);
    return p;
  }

  private void createTopics(java.util.Collection<String> topics) throws Exception {
    Properties p = clientProperties();
    try (Admin admin = Admin.create(p)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing =
          topics.stream()
              .filter(t -> !existing.contains(t))
              .map(t -> new NewTopic(t, 3, (short) 1))
              .toList();
      admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      TopicReadiness.awaitLeaders(admin, topics, Duration.ofSeconds(30));
    }
  }

  /** How often {@link #await} compares Kustomer with the expected orders (large runs: less). */
  public void checkEvery(Duration interval) {
    this.checkEvery = interval;
  }

  public IngestConfig config() {
    return config;
  }

  /** The settings behind {@link #config()}, to hand to another process as a properties file. */
  public Map<String, String> settings() {
    return settings;
  }

  /**
   * Starts one pipeline instance of this scenario (several share the work as one consumer group).
   */
  public Pipeline startPipeline() throws InterruptedException {
    return Pipeline.start(config, ApiKey.of(emulator.config().apiKey()), "scenario");
  }

  /**
   * Starts another instance of the same pipeline (same application id and consumer groups, its own
   * state directory), as a second process would: the instances share the partitions and the work.
   */
  public Pipeline startInstance(String name, Map<String, String> extra) throws Exception {
    Map<String, String> o = new HashMap<>(settings);
    o.put("streams.state.dir", workDir.resolve("state-" + name).toString());
    o.putAll(extra);
    return Pipeline.start(
        IngestConfig.load(null, Map.of(), o), ApiKey.of(emulator.config().apiKey()), "scenario");
  }

  /**
   * Creates in Kustomer, as another channel would have before the pipeline ran, the customers of
   * every {@code everyNth} customer number the orders use.
   */
  public void precreateCustomers(DemoOrders orders, int everyNth) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    for (int k = 0; k < orders.customers(); k += everyNth) {
      String body =
          "{\"name\":\"Customer "
              + k
              + "\",\"emails\":[{\"email\":\"customer"
              + k
              + "@example.com\"}]}";
      java.net.http.HttpResponse<String> r =
          http.send(
              java.net.http.HttpRequest.newBuilder(emulator.baseUrl().resolve("/v1/customers"))
                  .header("Authorization", "Bearer " + emulator.config().apiKey())
                  .header("Content-Type", "application/json")
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 201) {
        throw new IllegalStateException("cannot pre-create a customer: " + r.statusCode());
      }
    }
  }

  public void publish(List<DemoOrders.RawEvent> events) throws Exception {
    Properties p = clientProperties();
    p.put("linger.ms", 5);
    p.putAll(TopicReadiness.orderedProducerSettings());
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (DemoOrders.RawEvent e : events) {
        sends.add(
            producer.send(new ProducerRecord<>(topicByKind.get(e.kind()), e.key(), e.json())));
      }
    }
    for (Future<RecordMetadata> f : sends) {
      f.get();
    }
  }

  /**
   * Waits until every valid order is delivered and every invalid one dead-lettered (or the
   * timeout), then returns the summary. {@code healthy} is asked between checks; a failure message
   * stops the wait.
   */
  public DemoSummary await(
      DemoOrders orders,
      Duration timeout,
      java.util.function.Supplier<String> failure,
      long startNanos)
      throws Exception {
    return await(orders, timeout, failure, startNanos, false);
  }

  /**
   * As {@link #await}; with {@code allDelivered} it also waits until every valid order is
   * delivered.
   */
  public DemoSummary await(
      DemoOrders orders,
      Duration timeout,
      java.util.function.Supplier<String> failure,
      long startNanos,
      boolean allDelivered)
      throws Exception {
    ExpectedOrders expected =
        new ExpectedOrders(config.rules(), topicByKind, orders.records(), model);
    ExpectedCustomers customers = expectedCustomers(expected);
    try (DeadLetterWatcher dead =
        new DeadLetterWatcher(clientProperties(), config.get("topics.dead-letters"))) {
      long deadline = nanoTime.getAsLong() + timeout.toNanos();
      long lastReport = nanoTime.getAsLong();
      Check check;
      while (true) {
        check = check(expected, customers, orders, dead);
        boolean invalidDone = dead.keys().containsAll(orders.invalidKeys());
        boolean delivered = !allDelivered || check.delivered == orders.validOrders().size();
        if ((check.missing == 0 && check.stale == 0 && invalidDone && delivered)
            || nanoTime.getAsLong() > deadline) {
          break;
        }
        String f = failure.get();
        if (f != null) {
          throw new IllegalStateException(f);
        }
        if (nanoTime.getAsLong() - lastReport > 2_000_000_000L) {
          JsonNode s = emulator.stats();
          progress.printf(
              Locale.ROOT,
              "%5.0fs  delivered %d/%d, stale %d, dead letters %d, API requests %d (peak %d/min of %d), 429s %d%n",
              (nanoTime.getAsLong() - startNanos) / 1e9,
              check.delivered,
              orders.validOrders().size(),
              check.stale,
              dead.count(),
              s.path("requests").asLong(),
              s.path("peakRequestsPerMinute").asLong(),
              rateLimit,
              s.path("throttled").asLong());
          progress.flush();
          lastReport = nanoTime.getAsLong();
        }
        TimeUnit.MILLISECONDS.sleep(checkEvery.toMillis());
      }
      JsonNode stats = emulator.stats();
      return new DemoSummary(
          orders.validOrders().size() + orders.invalidKeys().size(),
          orders.records().size(),
          check.delivered,
          check.missing,
          check.stale,
          stats.path("duplicateKObjects").asInt() + stats.path("duplicateCustomers").asInt(),
          dead.count(),
          stats.path("requests").asLong(),
          stats.path("throttled").asLong(),
          (nanoTime.getAsLong() - startNanos) / 1e9,
          stats.path("peakRequestsPerMinute").asLong(),
          rateLimit);
    }
  }

  /**
   * The externalIds of the item objects the orders' latest states hold (Rel model): what Kustomer
   * should hold, each once, after a run.
   */
  public Set<String> expectedItemIds(DemoOrders orders) throws Exception {
    ExpectedOrders expected =
        new ExpectedOrders(config.rules(), topicByKind, orders.records(), model);
    Set<String> out = new HashSet<>();
    for (String orderId : orders.validOrders()) {
      expected.get(orderId).items().forEach(i -> out.add(i.path("externalId").asText()));
    }
    return out;
  }

  private static final class Check {
    int delivered;
    int missing;
    int stale;
  }

  /** What the customers should hold, when the rules keep customers current; else null. */
  private ExpectedCustomers expectedCustomers(ExpectedOrders expected) {
    return config.rules().keepsCustomersCurrent()
        ? new ExpectedCustomers(config.rules().customerAggregates(), expected.states().values())
        : null;
  }

  private Check check(
      ExpectedOrders expected,
      ExpectedCustomers customers,
      DemoOrders orders,
      DeadLetterWatcher dead) {
    JsonNode orderObjects = objectsOf("order");
    Map<String, JsonNode> objects = byExternalId(orderObjects);
    Map<String, JsonNode> items =
        model == WriteModel.REL ? byId(objectsOf("order-item")) : Map.of();
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
    // A customer not at its latest state (attributes, aggregates) counts as stale too.
    c.stale += customers == null ? 0 : customers.stale(emulator.customers(), orderObjects);
    return c;
  }

  /** The klass's objects; none while the sink has not created the klass yet. */
  private JsonNode objectsOf(String klass) {
    try {
      return emulator.objects(klass);
    } catch (RuntimeException e) {
      return JsonNodeFactory.instance.objectNode();
    }
  }

  private boolean itemsMatch(OrderWrite want, JsonNode order, Map<String, JsonNode> items) {
    if (model != WriteModel.REL) {
      return true;
    }
    JsonNode rel = order.path("attributes").path("custom").path(config.get("kustomer.rel.items"));
    if (rel.size() != want.items().size()) {
      return false;
    }
    String orderRel = config.get("kustomer.rel.order");
    for (int i = 0; i < want.items().size(); i++) {
      JsonNode item = items.get(rel.get(i).asText());
      ObjectNode w = want.items().get(i);
      // Each item names its own order back (the item-side relationship).
      if (item == null
          || !item.path("attributes")
              .path("externalId")
              .asText()
              .equals(w.path("externalId").asText())
          || !ExpectedOrders.matches(w, item.path("attributes"))
          || !order
              .path("id")
              .asText()
              .equals(item.path("attributes").path("custom").path(orderRel).asText())) {
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

    DeadLetterWatcher(Properties p, String topic) {
      p.put(
          ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-watcher-" + topic + "-" + System.nanoTime());
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
