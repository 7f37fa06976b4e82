package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.emulator.EmulatorConfig;
import dev.kobjectingest.emulator.KustomerEmulator;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.testsupport.KafkaTestBroker;
import dev.kobjectingest.tools.demo.DemoOrders;
import dev.kobjectingest.tools.demo.DemoSummary;
import dev.kobjectingest.tools.demo.Scenario;
import java.io.IOException;
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
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** The pipeline on the shared real broker against a fresh emulator, in its own namespace. */
final class E2eFixture implements AutoCloseable {
  static final Path RULES = Path.of("..", "mapping-rules");
  private static final ObjectMapper JSON = new ObjectMapper();

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
      UnaryOperator<EmulatorConfig> emulatorConfig)
      throws Exception {
    this.emulator =
        // Uniqueness off: a second customer for one identity would be stored and counted, so the
        // tests prove the pipeline never makes one rather than relying on Kustomer to refuse it.
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
  static String exampleOrder() throws IOException {
    return Files.readString(RULES.resolve("examples").resolve("order.json"));
  }

  /** The example order as order {@code number}, then changed by {@code edit}. */
  static String exampleOrder(String number, Consumer<ObjectNode> edit) throws IOException {
    ObjectNode o = (ObjectNode) JSON.readTree(exampleOrder());
    o.put("order_number", number);
    edit.accept(o);
    return JSON.writeValueAsString(o);
  }

  /** How many KObjects of {@code klass} the emulator holds. */
  int count(String klass) {
    return emulator.stats().path("kobjects").path(klass).asInt();
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

  /** What a test checks of a finished run while its pipeline still runs. */
  interface RunCheck {
    void check(Pipeline pipeline, DemoSummary summary) throws Exception;
  }

  /**
   * Publishes the orders as a backlog, then starts one instance and waits until every valid order
   * is delivered with the invariants kept; {@code then} checks more before the instance stops.
   */
  void deliverBacklog(DemoOrders orders, int budget, RunCheck then) throws Exception {
    scenario.publish(orders.records());
    long start = System.nanoTime();
    try (Pipeline p = scenario.startPipeline()) {
      DemoSummary s = scenario.await(orders, Duration.ofMinutes(3), p::failure, start);
      assertInvariants(s, budget);
      assertThat(s.delivered()).isEqualTo(orders.validOrders().size());
      then.check(p, s);
    }
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
