package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.deadletter.DeadLetter;
import dev.kobjectingest.deadletter.DeadLetterHeaders;
import dev.kobjectingest.support.FakeTime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** A dead letter is the original record byte for byte, plus the contract headers (5.3). */
class DeadLetterWriterTest {
  private static final byte[] KEY = {0x00, (byte) 0xfe, (byte) 0xff}; // not UTF-8
  private static final byte[] VALUE = {'{', (byte) 0xc3, 0x28, '}'}; // not UTF-8 either

  private final FakeTime time = new FakeTime();
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final DeadLetterWriter writer =
      new DeadLetterWriter(producer, "ingest.dead-letters", "1.2.3", time, Duration.ofSeconds(1));

  @Test
  void theOriginalKeyValueAndHeadersAreKeptByteForByte() {
    ConsumerRecord<byte[], byte[]> in = record();

    assertThat(writer.write(in, letter())).isTrue();

    ProducerRecord<byte[], byte[]> out = producer.history().get(0);
    assertThat(out.topic()).isEqualTo("ingest.dead-letters");
    assertThat(out.key()).containsExactly(KEY);
    assertThat(out.value()).containsExactly(VALUE);
    Header trace = out.headers().lastHeader("traceparent");
    assertThat(trace.value()).containsExactly(0x01, (byte) 0x80);
    assertThat(Arrays.stream(out.headers().toArray()).map(Header::key))
        .startsWith("traceparent", "x-other");
  }

  @Test
  void theContractHeadersSayWhereWhenAndWhy() {
    writer.write(record(), letter());

    RecordHeaders h = new RecordHeaders(producer.history().get(0).headers().toArray());
    assertThat(DeadLetterHeaders.get(h, DeadLetterHeaders.SOURCE_TOPIC))
        .isEqualTo("ingest.order-commands");
    assertThat(DeadLetterHeaders.get(h, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("3");
    assertThat(DeadLetterHeaders.get(h, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("77");
    assertThat(DeadLetterHeaders.get(h, DeadLetterHeaders.SOURCE_TIMESTAMP)).isEqualTo("1000");
    assertThat(DeadLetterHeaders.get(h, DeadLetterHeaders.STAGE)).isEqualTo("kobject");
    assertThat(DeadLetterHeaders.get(h, DeadLetterHeaders.REASON)).isEqualTo("http-4xx");
    assertThat(DeadLetterHeaders.get(h, DeadLetterHeaders.HTTP_STATUS)).isEqualTo("422");
    assertThat(DeadLetterHeaders.get(h, DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
    assertThat(DeadLetterHeaders.get(h, DeadLetterHeaders.APP_VERSION)).isEqualTo("1.2.3");
    assertThat(DeadLetterHeaders.get(h, DeadLetterHeaders.DEAD_LETTERED_AT))
        .isEqualTo(time.instant().toString());
  }

  @Test
  void theConsumedRecordIsLeftAsItWas() {
    ConsumerRecord<byte[], byte[]> in = record();

    writer.write(in, letter());

    assertThat(in.headers().toArray()).hasSize(2);
  }

  @Test
  void aDeadLetterTheBrokerRefusesLeavesTheRecordUnfinished() {
    producer.sendException = new KafkaException("not enough replicas");

    assertThat(writer.write(record(), letter())).isFalse();
  }

  @Test
  void aDeadLetterNotAcknowledgedInTimeLeavesTheRecordUnfinished() {
    MockProducer<byte[], byte[]> slow =
        new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    DeadLetterWriter w =
        new DeadLetterWriter(slow, "ingest.dead-letters", "1.2.3", time, Duration.ofMillis(1));

    assertThat(w.write(record(), letter())).isFalse();
  }

  private static ConsumerRecord<byte[], byte[]> record() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("traceparent", new byte[] {0x01, (byte) 0x80});
    headers.add("x-other", "v".getBytes(StandardCharsets.UTF_8));
    return new ConsumerRecord<>(
        "ingest.order-commands",
        3,
        77L,
        1000L,
        TimestampType.CREATE_TIME,
        KEY.length,
        VALUE.length,
        KEY,
        VALUE,
        headers,
        Optional.empty());
  }

  private static DeadLetter letter() {
    return new DeadLetter(
        "kobject", "http-4xx", "", 422, "{\"errors\":[]}", "CallFailure", "PUT -> 422", 1);
  }
}
