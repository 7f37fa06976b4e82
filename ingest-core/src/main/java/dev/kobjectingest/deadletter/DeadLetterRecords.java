package dev.kobjectingest.deadletter;

import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the record that goes to the dead-letter topic: the original key, value and headers byte
 * for byte plus the contract headers, unless that record would be larger than the dead-letter
 * producer may send. Then the value (and, if still too large, the key and the original headers) is
 * left out, {@link DeadLetterHeaders#VALUE_OMITTED} says so with the original sizes, and the source
 * coordinates let {@code replay} read the original from its topic: a dead letter never fails, and
 * so never blocks its partition, because of its size.
 */
public final class DeadLetterRecords {
  /** Room for the record batch framing the producer adds around a record. */
  static final int FRAMING = 1024;

  private DeadLetterRecords() {}

  /** Where the failed record was read. */
  public record Source(String topic, int partition, long offset, long timestamp) {}

  /**
   * The dead letter for one record; {@code maxBytes} is the dead-letter producer's {@code
   * max.request.size}.
   */
  public static ProducerRecord<byte[], byte[]> build(
      String deadLetterTopic,
      byte[] key,
      byte[] value,
      Headers original,
      DeadLetter why,
      Source source,
      String appVersion,
      Instant now,
      int maxBytes) {
    Headers headers = copy(original);
    why.writeTo(
        headers,
        source.topic(),
        source.partition(),
        source.offset(),
        source.timestamp(),
        appVersion,
        now);
    int valueBytes = length(value);
    if (size(key, value, headers) <= maxBytes) {
      return new ProducerRecord<>(deadLetterTopic, null, key, value, headers);
    }
    DeadLetterHeaders.put(headers, DeadLetterHeaders.VALUE_OMITTED, String.valueOf(valueBytes));
    if (size(key, null, headers) <= maxBytes) {
      return new ProducerRecord<>(deadLetterTopic, null, key, (byte[]) null, headers);
    }
    Headers bare = new RecordHeaders();
    for (Header h : headers) {
      if (h.key().startsWith(DeadLetterHeaders.PREFIX)) {
        bare.add(h);
      }
    }
    DeadLetterHeaders.put(bare, DeadLetterHeaders.KEY_OMITTED, String.valueOf(length(key)));
    return new ProducerRecord<>(deadLetterTopic, null, (byte[]) null, (byte[]) null, bare);
  }

  private static Headers copy(Headers original) {
    RecordHeaders copy = new RecordHeaders();
    if (original != null) {
      for (Header h : original) {
        copy.add(h.key(), h.value());
      }
    }
    return copy;
  }

  static int size(byte[] key, byte[] value, Headers headers) {
    int size = FRAMING + length(key) + length(value);
    for (Header h : headers) {
      size += h.key().length() * 4 + length(h.value());
    }
    return size;
  }

  private static int length(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }
}
