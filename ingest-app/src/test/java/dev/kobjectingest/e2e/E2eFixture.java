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
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

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

  /** The scenario's raw topic whose name ends with {@code suffix} (e.g. {@code orders.raw}). */
  String rawTopic(String suffix) {
    return scenario.config().rules().byTopic().keySet().stream()
        .filter(t -> t.endsWith(suffix))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no raw topic ends with " + suffix));
  }

  /** The shipped example order ({@code mapping-rules/examples/order.json}). */
  static String exampleOrder() throws java.io.IOException {
    return Files.readString(RULES.resolve("examples").resolve("order.json"));
  }

  /**
   * Publishes raw records (key to JSON) to {@code topic} in the map's iteration order, each
   * acknowledged before the next is sent.
   */
  void publishRaw(String topic, Map<String, String> records) throws Exception {
    Properties p = new Properties();
    scenario.config().kafkaClientProperties().forEach(p::put);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (Map.Entry<String, String> r : records.entrySet()) {
        producer.send(new ProducerRecord<>(topic, r.getKey(), r.getValue())).get();
      }
    }
  }

  /**
   * Waits (up to two minutes) until an order KObject exists for each of {@code externalIds};
   * returns every order KObject's externalId mapped to the id of its customer.
   */
  Map<String, String> awaitOrderCustomers(Collection<String> externalIds)
      throws InterruptedException {
    return awaitOrderCustomers(externalIds, Duration.ofMinutes(2));
  }

  /** As {@link #awaitOrderCustomers(Collection)}, waiting up to {@code timeout}. */
  Map<String, String> awaitOrderCustomers(Collection<String> externalIds, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, String> byOrder = new HashMap<>();
    while (System.nanoTime() < deadline) {
      byOrder.clear();
      if (emulator.stats().path("kobjects").path("order").asInt() >= externalIds.size()) {
        for (var o : emulator.objects("order").path("data")) {
          byOrder.put(
              o.path("attributes").path("externalId").asText(),
              o.path("relationships").path("customer").path("data").path("id").asText());
        }
        if (byOrder.keySet().containsAll(externalIds)) {
          return byOrder;
        }
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new AssertionError(
        "order KObjects " + byOrder.keySet() + " never held all of " + externalIds);
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
