package dev.kobjectingest.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.mapping.RuleLoader;
import dev.kobjectingest.mapping.RuleSet;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.metrics.IngestMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * A TopologyTestDriver around the real topology and a rules directory, with helpers to publish and
 * read.
 */
final class TopologyFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path SHIPPED_RULES = Path.of("..", "mapping-rules");

  final TopologySettings settings;
  final TopologyTestDriver driver;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final TestInputTopic<String, String> customerIds;
  private final TestOutputTopic<String, OrderCommand> orderCommands;
  private final TestOutputTopic<String, CustomerCommand> customerCommands;
  private final TestOutputTopic<byte[], byte[]> deadLetters;
  private Instant time = Instant.parse("2026-11-23T10:00:00Z");

  TopologyFixture(WriteModel model) throws Exception {
    this(RuleLoader.load(SHIPPED_RULES), model);
  }

  TopologyFixture(RuleSet rules, WriteModel model) {
    this(rules, TopologySettings.defaults(model));
  }

  TopologyFixture(RuleSet rules, TopologySettings settings) {
    this(rules, settings, null);
  }

  /**
   * With the meters the topology counts into (skipped events, dropped values, ...); null counts
   * into this fixture's own registry ({@link #gauge}).
   */
  TopologyFixture(RuleSet rules, TopologySettings settings, IngestMeters meters) {
    this.settings = settings;
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, tempDir());
    // No cache: every change is visible at once, so tests see each emission rather than coalesced
    // ones.
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    Clock clock = Clock.fixed(time, ZoneOffset.UTC);
    // The same record-failure handling as the application, so error paths are tested as they run.
    IngestMeters m = meters == null ? new IngestMeters(registry) : meters;
    props.putAll(DeadLetterExceptionHandler.streamsConfig(settings, m, clock));
    this.driver =
        new TopologyTestDriver(IngestTopology.build(rules, settings, clock, m), props, time);
    this.customerIds =
        driver.createInputTopic(
            settings.customerIdsTopic(), new StringSerializer(), new StringSerializer());
    this.orderCommands =
        driver.createOutputTopic(
            settings.orderCommandsTopic(),
            new StringDeserializer(),
            JsonSerde.of(OrderCommand.class).deserializer());
    this.customerCommands =
        driver.createOutputTopic(
            settings.customerCommandsTopic(),
            new StringDeserializer(),
            JsonSerde.of(CustomerCommand.class).deserializer());
    this.deadLetters =
        driver.createOutputTopic(
            settings.deadLetterTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static String tempDir() {
    try {
      return Files.createTempDirectory("topology-test").toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String example(String name) throws Exception {
    return Files.readString(SHIPPED_RULES.resolve("examples").resolve(name));
  }

  /** An example payload with some fields replaced. */
  static String example(String name, String... keyValues) throws Exception {
    ObjectNode node = (ObjectNode) JSON.readTree(example(name));
    for (int i = 0; i < keyValues.length; i += 2) {
      JsonNode value;
      try {
        value = JSON.readTree(keyValues[i + 1]);
      } catch (Exception e) {
        value = JSON.getNodeFactory().textNode(keyValues[i + 1]);
      }
      node.set(keyValues[i], value);
    }
    return JSON.writeValueAsString(node);
  }

  void publish(String topic, String key, String value) {
    publish(topic, key, value, new RecordHeaders());
  }

  void publish(String topic, String key, String value, Headers headers) {
    publishBytes(
        topic,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8),
        headers);
  }

  void publishBytes(String topic, byte[] key, byte[] value, Headers headers) {
    time = time.plusSeconds(1);
    TestInputTopic<byte[], byte[]> in =
        driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer());
    in.pipeInput(new TestRecord<>(key, value, headers, time));
  }

  /** What the sink would do after resolving a customer: publish the identity's customer id. */
  void learnCustomer(String identityKey, String customerId) {
    // At the fixture's time, as the sink would write it now, not at this machine's clock.
    customerIds.pipeInput(identityKey, customerId, time);
  }

  /**
   * Lets the customer-updates interval pass (wall clock), so the customer updates that became due
   * are sent. The records published next are as recent (live traffic, not a backlog).
   */
  void sendDueUpdates() {
    driver.advanceWallClockTime(settings.customerUpdates().interval());
    time = time.plus(settings.customerUpdates().interval());
  }

  /**
   * The wall clock moves this far ahead of the records published next: they waited that long, a
   * backlog the topology catches up on.
   */
  void publishBehind(Duration lag) {
    driver.advanceWallClockTime(lag);
  }

  /** A gauge's value, as the metrics endpoint would show it. */
  double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  List<OrderCommand> orderCommands() {
    return orderCommands.readValuesToList();
  }

  List<CustomerCommand> customerCommands() {
    return customerCommands.readValuesToList();
  }

  List<TestRecord<byte[], byte[]>> deadLetters() {
    return deadLetters.readRecordsToList();
  }

  @Override
  public void close() {
    driver.close();
  }
}
