package dev.kobjectingest.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterRecordsTest {
  private static final DeadLetter WHY =
      DeadLetter.mapping("parse", "invalid-json", "", "the payload is not JSON");
  private static final DeadLetterRecords.Source SOURCE =
      new DeadLetterRecords.Source("orders.raw", 2, 41, 1_700_000_000_000L);

  private static ProducerRecord<byte[], byte[]> build(byte[] key, byte[] value, int max) {
    RecordHeaders original = new RecordHeaders();
    original.add("trace", new byte[] {1, 2, (byte) 0xff});
    return DeadLetterRecords.build(
        "dlq", key, value, original, WHY, SOURCE, "1.0", Instant.EPOCH, max);
  }

  @Test
  void keepsKeyValueAndHeadersByteForByteAndAddsTheContract() {
    byte[] key = {0, (byte) 0xfe, (byte) 0xff};
    byte[] value = "not json".getBytes(StandardCharsets.UTF_8);
    ProducerRecord<byte[], byte[]> r = build(key, value, 1_048_576);

    assertThat(r.key()).isEqualTo(key);
    assertThat(r.value()).isEqualTo(value);
    assertThat(r.headers().lastHeader("trace").value()).isEqualTo(new byte[] {1, 2, (byte) 0xff});
    assertThat(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("41");
    assertThat(r.headers().lastHeader(DeadLetterHeaders.VALUE_OMITTED)).isNull();
  }

  @Test
  void leavesOutAValueTooLargeForTheProducerAndSaysHowLargeItWas() {
    byte[] value = new byte[100_000];
    ProducerRecord<byte[], byte[]> r = build("k".getBytes(StandardCharsets.UTF_8), value, 10_000);

    assertThat(r.value()).isNull();
    assertThat(r.key()).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
    assertThat(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.VALUE_OMITTED))
        .isEqualTo("100000");
    assertThat(DeadLetterRecords.size(r.key(), r.value(), r.headers())).isLessThanOrEqualTo(10_000);
  }

  @Test
  void leavesOutTheKeyAndOriginalHeadersTooWhenEvenThoseDoNotFit() {
    byte[] key = new byte[20_000];
    ProducerRecord<byte[], byte[]> r = build(key, new byte[10], 10_000);

    assertThat(r.key()).isNull();
    assertThat(r.value()).isNull();
    assertThat(r.headers().lastHeader("trace")).isNull();
    assertThat(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.KEY_OMITTED))
        .isEqualTo("20000");
    assertThat(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.REASON))
        .isEqualTo("invalid-json");
  }
}
