package dev.kobjectingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.deadletter.DeadLetterHeaders;
import dev.kobjectingest.testing.RulesDirs;
import dev.kobjectingest.testsupport.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Streams application on a real broker, with exactly-once processing and the shipped rules. */
class IngestStreamsAppIT {
  private final KafkaTestBroker kafka = KafkaTestBroker.shared();

  @Test
  void ordersFlowToCommandsAndBadRecordsToDeadLettersOnARealBroker(@TempDir Path tmp)
      throws Exception {
    String ns = kafka.uniqueTopic("it");
    String suffix = "-" + ns;
    Path rules = RulesDirs.namespaced(Path.of("..", "mapping-rules"), tmp.resolve("rules"), ns);
    for (String t : List.of("orders.raw", "shipments.raw", "line-items.raw")) {
      kafka.createTopic(ns + "." + t, 3);
    }
    Map<String, String> overrides = new HashMap<>();
    overrides.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    overrides.put("streams.application.id", "it" + suffix);
    overrides.put("streams.state.dir", tmp.resolve("state").toString());
    overrides.put("rules.dir", rules.toString());
    overrides.put("topics.partitions", "3");
    for (String t :
        List.of(
            "dead-letters", "customer-commands", "order-commands", "customer-ids", "sink-ids")) {
      overrides.put("topics." + t, "ingest." + t + suffix);
    }
    IngestConfig config = IngestConfig.load(null, Map.of(), overrides);

    try (IngestStreamsApp app = IngestStreamsApp.start(config, "it");
        KafkaProducer<String, String> producer = producer()) {
      String orders = ns + ".orders.raw";
      producer.send(new ProducerRecord<>(orders, "AB-1234", read("order.json"))).get();
      producer
          .send(new ProducerRecord<>(ns + ".shipments.raw", "SH-1", read("shipment.json")))
          .get();
      producer.send(new ProducerRecord<>(orders, "bad", "{oops")).get();

      List<ConsumerRecord<byte[], byte[]>> customers =
          consume(config.get("topics.customer-commands"), 1, r -> true);
      CustomerCommand customer =
          JsonSerde.of(CustomerCommand.class)
              .deserializer()
              .deserialize("t", customers.get(0).value());
      assertThat(customer.identityKey()).isEqualTo("email:janedoe@example.com");

      // Play the sink: it found or created the customer and says so on the customer-ids topic.
      producer
          .send(
              new ProducerRecord<>(
                  config.get("topics.customer-ids"), customer.identityKey(), "cust-1"))
          .get();

      List<ConsumerRecord<byte[], byte[]>> orderCmds =
          consume(
              config.get("topics.order-commands"),
              1,
              r ->
                  JsonSerde.of(OrderCommand.class)
                      .deserializer()
                      .deserialize("t", r.value())
                      .order()
                      .path("custom")
                      .has("shippingStatusStr"));
      OrderCommand cmd =
          JsonSerde.of(OrderCommand.class)
              .deserializer()
              .deserialize("t", orderCmds.get(orderCmds.size() - 1).value());
      assertThat(cmd.customerId()).isEqualTo("cust-1");
      assertThat(cmd.order().path("custom").path("shippingStatusStr").asText())
          .isEqualTo("in_transit");
      assertThat(cmd.eventTime()).isPositive();

      List<ConsumerRecord<byte[], byte[]>> dead =
          consume(config.get("topics.dead-letters"), 1, r -> true);
      assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{oops");
      assertThat(
              new String(
                  dead.get(0).headers().lastHeader(DeadLetterHeaders.REASON).value(),
                  StandardCharsets.UTF_8))
          .isEqualTo("invalid-json");
      assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
  }

  private static String read(String example) throws Exception {
    return Files.readString(Path.of("..", "mapping-rules", "examples", example));
  }

  private KafkaProducer<String, String> producer() {
    Properties p = kafka.clientProperties();
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    return new KafkaProducer<>(p);
  }

  /** Reads committed records until {@code n} match, or fails after 60 s. */
  private List<ConsumerRecord<byte[], byte[]>> consume(
      String topic, int n, Predicate<ConsumerRecord<byte[], byte[]>> match) {
    Properties p = kafka.clientProperties();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.uniqueTopic("reader"));
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (out.stream().filter(match).count() < n && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    assertThat(out.stream().filter(match).count())
        .as("records matching on " + topic)
        .isGreaterThanOrEqualTo(n);
    return out;
  }
}
