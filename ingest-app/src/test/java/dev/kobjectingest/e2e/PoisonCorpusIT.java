package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.deadletter.DeadLetterHeaders;
import dev.kobjectingest.emulator.EmulatorConfig;
import dev.kobjectingest.emulator.KustomerEmulator;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.metrics.OpsServer;
import dev.kobjectingest.testsupport.KafkaTestBroker;
import dev.kobjectingest.tools.demo.DemoOrders;
import dev.kobjectingest.tools.demo.DemoSummary;
import dev.kobjectingest.tools.demo.Scenario;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The field report of the poison-proof issue, on the real broker: a corpus of poison records
 * (non-finite and huge numbers, exponent dates, deep nesting, trailing documents, invalid UTF-8, 5
 * MB records) interleaved with good orders on one partition. Every good order is delivered once,
 * every bad record is dead-lettered with its reason, no stream thread is replaced, and {@code
 * /health/ready} answers 200 throughout.
 */
class PoisonCorpusIT {
  private static final int BUDGET = 6000;
  private static final int FIVE_MB = 5 * 1024 * 1024;

  @Test
  void poisonInterleavedWithGoodOrdersOnOnePartitionNeverStopsIt() throws Exception {
    KafkaTestBroker kafka = KafkaTestBroker.shared();
    String ns = kafka.uniqueTopic("poison");
    createOnePartitionRawTopics(kafka.bootstrapServers(), ns);
    try (KustomerEmulator emulator =
        KustomerEmulator.start(
            EmulatorConfig.defaults()
                .withRateLimitPerMinute(BUDGET)
                .withCustomerUniqueness(false))) {
      StringWriter log = new StringWriter();
      Scenario scenario =
          new Scenario(
              kafka.bootstrapServers(),
              emulator,
              ns,
              E2eFixture.RULES,
              Files.createTempDirectory("poison"),
              WriteModel.NESTED,
              BUDGET,
              Map.of("sink.retry.base.ms", "50", "sink.retry.max.ms", "2000"),
              new PrintWriter(log, true),
              System::nanoTime);
      DemoOrders orders = new DemoOrders(41, 11);
      Map<String, byte[]> poison = poison();
      List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
      List<String> poisonKeys = new ArrayList<>(poison.keySet());
      records.add(record(ns + ".orders.raw", "BIG-VALID", bigRecords().get("BIG-VALID")));
      // The bad records come first, then one every few good ones: all on the same partition.
      for (int i = 0; i < orders.records().size(); i++) {
        if (i % 3 == 0 && !poisonKeys.isEmpty()) {
          String key = poisonKeys.remove(0);
          records.add(record(ns + ".orders.raw", key, poison.get(key)));
        }
        DemoOrders.RawEvent e = orders.records().get(i);
        records.add(
            record(
                ns + "." + TOPICS.get(e.kind()),
                e.key(),
                e.json().getBytes(StandardCharsets.UTF_8)));
      }

      try (Pipeline pipeline = scenario.startPipeline()) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        pipeline.bindTo(registry);
        try (OpsServer ops = OpsServer.start(0, registry, pipeline::notReady);
            ReadinessProbe probe = new ReadinessProbe(ops.port())) {
          awaitReady(pipeline);
          probe.start();
          long start = System.nanoTime();
          publish(kafka.bootstrapServers(), records);

          DemoSummary s =
              scenario.await(orders, Duration.ofMinutes(3), pipeline::failure, start, true);
          E2eFixture.assertInvariants(s, BUDGET);
          assertThat(s.delivered()).isEqualTo(orders.validOrders().size());
          assertThat(emulator.objects("order").path("data").toString())
              .as("the valid 5 MB order (its bulk in a field no rule maps) is delivered")
              .contains("\"BIG-VALID\"");

          Map<String, Dead> dead =
              deadLetters(kafka.bootstrapServers(), ns + ".ingest.dead-letters", poison.size() + 1);
          for (Map.Entry<String, byte[]> p : poison.entrySet()) {
            assertThat(dead).as("dead letter of " + p.getKey()).containsKey(p.getKey());
            Dead d = dead.get(p.getKey());
            assertThat(d.reason())
                .as(p.getKey())
                .isIn("invalid-json", "invalid-value", "too-large");
            if (!p.getKey().startsWith("BIG-")) {
              assertThat(d.value()).as("kept byte for byte").isEqualTo(p.getValue());
            }
          }
          assertThat(dead.get("BIG-INVALID").reason()).isEqualTo("invalid-json");
          assertThat(dead.get("BIG-MAPPED").reason()).isEqualTo("too-large");
          for (String big : List.of("BIG-INVALID", "BIG-MAPPED")) {
            assertThat(dead.get(big).value()).as(big + " travels without its value").isNull();
            assertThat(dead.get(big).omitted())
                .as(big)
                .isEqualTo(String.valueOf(poison.get(big).length));
          }
          assertThat(dead).as("the valid 5 MB order").doesNotContainKey("BIG-VALID");
          assertThat(pipeline.streams().threads().failures())
              .as("stream threads replaced")
              .isZero();
          assertThat(probe.failures()).as("/health/ready answers other than 200").isEmpty();
        }
      }
    }
  }

  private static final Map<String, String> TOPICS =
      Map.of("order", "orders.raw", "shipment", "shipments.raw", "line-item", "line-items.raw");

  private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
    return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
  }

  /** The payloads of the field report, each keyed by a name that tells them apart. */
  private static Map<String, byte[]> poison() throws Exception {
    String order = Files.readString(E2eFixture.RULES.resolve("examples").resolve("order.json"));
    String date = "\"2019-05-04T05:47:31+10:00\"";
    Map<String, String> p = new HashMap<>();
    p.put("P-GRAND-1E400", patched(order, "P-GRAND-1E400", "\"grand\": 36", "\"grand\": 1e400"));
    p.put("P-CREATED-1E5", patched(order, "P-CREATED-1E5", date, "\"1e5\""));
    p.put("P-CREATED-BIG", patched(order, "P-CREATED-BIG", date, "\"99999999999999999999\""));
    p.put("P-CREATED-1E20", patched(order, "P-CREATED-1E20", date, "1e20"));
    p.put(
        "P-CREATED-YEAR", patched(order, "P-CREATED-YEAR", date, "\"+300000000-01-01T00:00:00Z\""));
    p.put("P-QUANTITY", patched(order, "P-QUANTITY", "\"quantity\": 1,", "\"quantity\": 1e400,"));
    p.put(
        "P-GRAND-TEXT",
        patched(order, "P-GRAND-TEXT", "\"grand\": 36", "\"grand\": \"1e999999999\""));
    p.put(
        "P-DEEP", patched(order, "P-DEEP", "\"Fast Shipping\"", "[".repeat(998) + "]".repeat(998)));
    p.put("P-TWO-DOCS", patched(order, "P-TWO-DOCS", "\"received\"", "\"received\"") + " {}");
    Map<String, byte[]> bytes = new HashMap<>();
    p.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
    byte[] notUtf8 = patched(order, "P-NOT-UTF8", "Jane", "J?ne").getBytes(StandardCharsets.UTF_8);
    notUtf8[new String(notUtf8, StandardCharsets.UTF_8).indexOf("J?ne") + 1] = (byte) 0xff;
    bytes.put("P-NOT-UTF8", notUtf8);
    Map<String, byte[]> big = bigRecords();
    bytes.put("BIG-INVALID", big.get("BIG-INVALID"));
    bytes.put("BIG-MAPPED", big.get("BIG-MAPPED"));
    return bytes;
  }

  private static String patched(String order, String number, String from, String to) {
    if (!order.contains(from)) {
      throw new IllegalArgumentException("the example has no " + from);
    }
    return order.replace("\"AB-1234\"", "\"" + number + "\"").replace(from, to);
  }

  /** 5 MB records: one valid, one valid whose bulk the rules map, one not JSON. */
  private static Map<String, byte[]> bigRecords() throws Exception {
    String order = Files.readString(E2eFixture.RULES.resolve("examples").resolve("order.json"));
    String bulk = "x".repeat(FIVE_MB);
    Map<String, byte[]> big = new HashMap<>();
    big.put(
        "BIG-VALID",
        patched(
                order,
                "BIG-VALID",
                "\"status\": \"received\"",
                "\"status\": \"received\", \"note\": \"" + bulk + "\"")
            .getBytes(StandardCharsets.UTF_8));
    big.put(
        "BIG-MAPPED",
        patched(order, "BIG-MAPPED", "\"FDEG\"", "\"" + bulk + "\"")
            .getBytes(StandardCharsets.UTF_8));
    big.put(
        "BIG-INVALID",
        ("{\"order_number\": \"BIG-INVALID\", \"note\": \"" + bulk)
            .getBytes(StandardCharsets.UTF_8));
    return big;
  }

  private static void createOnePartitionRawTopics(String bootstrap, String ns) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    try (Admin admin = Admin.create(p)) {
      List<NewTopic> topics = new ArrayList<>();
      for (String t : List.of("orders.raw", "shipments.raw", "line-items.raw")) {
        topics.add(
            new NewTopic(ns + "." + t, 1, (short) 1)
                .configs(
                    Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(6 * 1024 * 1024))));
      }
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    }
  }

  private static void publish(String bootstrap, List<ProducerRecord<byte[], byte[]>> records)
      throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 6 * 1024 * 1024);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
      for (ProducerRecord<byte[], byte[]> r : records) {
        sends.add(producer.send(r));
      }
      for (java.util.concurrent.Future<?> f : sends) {
        f.get();
      }
    }
  }

  /** One dead letter as read back: its value and the headers this test looks at. */
  static final class Dead {
    private final byte[] value;
    private final String reason;
    private final String omitted;

    Dead(byte[] value, String reason, String omitted) {
      this.value = value;
      this.reason = reason;
      this.omitted = omitted;
    }

    byte[] value() {
      return value;
    }

    String reason() {
      return reason;
    }

    String omitted() {
      return omitted;
    }
  }

  private static Map<String, Dead> deadLetters(String bootstrap, String topic, int atLeast) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "poison-check-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, Dead> byKey = new HashMap<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (byKey.size() < atLeast && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          byKey.put(
              r.key(),
              new Dead(
                  r.value(),
                  DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.REASON),
                  DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.VALUE_OMITTED)));
        }
      }
    }
    return byKey;
  }

  private static void awaitReady(Pipeline pipeline) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (!pipeline.healthy()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never ready: " + pipeline.notReady());
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  /** Asks /health/ready every 100 ms and keeps every answer that was not 200. */
  static final class ReadinessProbe implements AutoCloseable {
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI uri;
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    ReadinessProbe(int port) {
      this.uri = URI.create("http://127.0.0.1:" + port + "/health/ready");
      this.thread = new Thread(this::probe, "readiness-probe");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    private void probe() {
      while (running.get()) {
        try {
          HttpResponse<String> r =
              http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() != 200) {
            failures.add(r.statusCode() + " " + r.body());
          }
          TimeUnit.MILLISECONDS.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (java.io.IOException e) {
          failures.add(e.toString());
        }
      }
    }

    List<String> failures() {
      return failures;
    }

    @Override
    public void close() {
      running.set(false);
      thread.interrupt();
    }
  }
}
