package dev.kobjectingest.e2e;

import dev.kobjectingest.deadletter.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a dead-letter topic back, as a test checks it: keys, reasons, stages, values. */
final class DeadLetters {
  /** One dead letter as read back. */
  static final class Letter {
    private final byte[] key;
    private final byte[] value;
    private final org.apache.kafka.common.header.Headers headers;

    Letter(ConsumerRecord<byte[], byte[]> r) {
      this.key = r.key();
      this.value = r.value();
      this.headers = r.headers();
    }

    String key() {
      return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    byte[] value() {
      return value;
    }

    String header(String name) {
      return DeadLetterHeaders.get(headers, name);
    }

    String reason() {
      return header(DeadLetterHeaders.REASON);
    }

    String stage() {
      return header(DeadLetterHeaders.STAGE);
    }
  }

  private DeadLetters() {}

  /** Every dead letter so far, read until {@code until} holds or a minute passes. */
  static List<Letter> read(Map<String, String> kafka, String topic, Predicate<List<Letter>> until) {
    Properties p = new Properties();
    kafka.forEach(p::put);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-check-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<Letter> all = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      do {
        c.poll(Duration.ofMillis(200)).forEach(r -> all.add(new Letter(r)));
      } while (!until.test(all) && System.nanoTime() < deadline);
    }
    return all;
  }
}
