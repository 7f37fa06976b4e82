package dev.kobjectingest.topology;

import static dev.kobjectingest.topology.TopologyFixture.example;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.deadletter.DeadLetterHeaders;
import dev.kobjectingest.mapping.RuleLoader;
import dev.kobjectingest.mapping.WriteModel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The payloads that stopped every partition in the field (issue "poison-proof"): each one ends as
 * its own dead letter with a reason, and the good order behind it on the same partition is written.
 */
class PoisonRecordsTest {
  private static final String JANE = "email:janedoe@example.com";
  private TopologyFixture t;

  @AfterEach
  void close() {
    if (t != null) {
      t.close();
    }
  }

  static Stream<Arguments> poison() throws Exception {
    String deep = "[".repeat(998) + "]".repeat(998);
    return Stream.of(
        Arguments.of("a non-finite total", patch("totals", "{\"grand\":1e400}"), "invalid-value"),
        Arguments.of("an exponent as a date", patch("created_at", "\"1e5\""), "invalid-value"),
        Arguments.of(
            "a date beyond a long",
            patch("created_at", "\"99999999999999999999\""),
            "invalid-value"),
        Arguments.of("a huge numeric date", patch("created_at", "1e20"), "invalid-value"),
        Arguments.of(
            "a year beyond 9999",
            patch("created_at", "\"+300000000-01-01T00:00:00Z\""),
            "invalid-value"),
        Arguments.of(
            "a non-finite quantity",
            patch(
                "line_items",
                "[{\"sku\":\"1\",\"item_name\":\"x\",\"quantity\":1e400,\"sale_price\":1}]"),
            "invalid-value"),
        Arguments.of(
            "an exponent that would allocate gigabytes",
            patch("totals", "{\"grand\":\"1e999999999\"}"),
            "invalid-value"),
        Arguments.of("998 nested arrays", patch("shipping", deep), "invalid-json"),
        Arguments.of(
            "two documents in one message", example("order.json") + " {\"a\":1}", "invalid-json"),
        Arguments.of("a top-level number", "1e400", "invalid-json"));
  }

  private static String patch(String field, String json) throws Exception {
    return example("order.json", "order_number", "AB-BAD", field, json);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("poison")
  void aPoisonRecordIsDeadLetteredAndTheGoodOrderBehindItIsWritten(
      String what, String payload, String reason) throws Exception {
    t = new TopologyFixture(WriteModel.NESTED);
    t.learnCustomer(JANE, "cust-1");

    t.publish("orders.raw", "AB-BAD", payload);
    t.publish("orders.raw", "AB-1", example("order.json", "order_number", "AB-1"));

    List<TestRecord<byte[], byte[]>> dead = t.deadLetters();
    assertThat(dead).hasSize(1);
    assertThat(header(dead.get(0), DeadLetterHeaders.REASON)).isEqualTo(reason);
    assertThat(dead.get(0).value()).isEqualTo(payload.getBytes(StandardCharsets.UTF_8));
    assertThat(t.orderCommands()).extracting(OrderCommand::orderId).containsExactly("AB-1");
  }

  @Test
  void invalidUtf8AndItsKeyAreKeptByteForByte() throws Exception {
    t = new TopologyFixture(WriteModel.NESTED);
    byte[] key = {0x00, (byte) 0xfe, (byte) 0xff};
    byte[] value = {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}'};

    t.publishBytes("orders.raw", key, value, new RecordHeaders());

    TestRecord<byte[], byte[]> dl = t.deadLetters().get(0);
    assertThat(dl.key()).isEqualTo(key);
    assertThat(dl.value()).isEqualTo(value);
    assertThat(header(dl, DeadLetterHeaders.REASON)).isEqualTo("invalid-json");
  }

  @Test
  void aDeadLetterTooLargeForTheProducerGoesWithoutItsValueAndSaysSo() throws Exception {
    TopologySettings small =
        TopologySettings.defaults(WriteModel.NESTED).withDeadLetterMaxBytes(64 * 1024);
    t = new TopologyFixture(RuleLoader.load(TopologyFixture.SHIPPED_RULES), small);
    String big = "{\"order_number\":\"AB-BIG\",\"note\":\"" + "x".repeat(200_000) + "\"";

    t.publish("orders.raw", "AB-BIG", big);

    TestRecord<byte[], byte[]> dl = t.deadLetters().get(0);
    assertThat(dl.value()).isNull();
    assertThat(dl.key()).isEqualTo("AB-BIG".getBytes(StandardCharsets.UTF_8));
    assertThat(header(dl, DeadLetterHeaders.VALUE_OMITTED))
        .isEqualTo(String.valueOf(big.getBytes(StandardCharsets.UTF_8).length));
    assertThat(header(dl, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("orders.raw");
    assertThat(header(dl, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
  }

  /**
   * Found by a newcomer: a mapped event the producer refuses was counted mapped and dead-lettered.
   */
  @Test
  void anEventTooLargeToPassOnIsCountedOnceAsRead() throws Exception {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    t =
        new TopologyFixture(
            RuleLoader.load(TopologyFixture.SHIPPED_RULES),
            TopologySettings.defaults(WriteModel.NESTED),
            new dev.kobjectingest.metrics.IngestMeters(registry));
    StringBuilder items = new StringBuilder("[");
    for (int i = 0; i < 90; i++) {
      items
          .append(i == 0 ? "" : ",")
          .append("{\"sku\":\"S")
          .append(i)
          .append("\",\"item_name\":\"x\",\"quantity\":1,\"sale_price\":1,\"note\":\"")
          .append("n".repeat(12_000))
          .append("\"}");
    }
    t.publish("orders.raw", "AB-BIG", patch("line_items", items + "]"));

    List<TestRecord<byte[], byte[]>> dead = t.deadLetters();
    assertThat(dead).hasSize(1);
    assertThat(header(dead.get(0), DeadLetterHeaders.REASON)).isEqualTo("too-large");
    assertThat(registry.find("ingest.events.in").counters())
        .as("one event read, counted once")
        .extracting(c -> c.count())
        .containsExactly(1.0);
  }

  static String header(TestRecord<byte[], byte[]> r, String key) {
    return DeadLetterHeaders.get(r.headers(), key);
  }
}
