package dev.kobjectingest.deadletter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads one record back from where it was first published: the original of a dead letter that had
 * to travel without its value (too large for the dead-letter topic). Empty when retention has
 * removed it since.
 */
final class SourceRecords implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;

  SourceRecords(Map<String, String> kafka) {
    Properties p = new Properties();
    kafka.forEach(p::put);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    this.consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  Optional<ConsumerRecord<byte[], byte[]>> read(String topic, int partition, long offset) {
    TopicPartition tp = new TopicPartition(topic, partition);
    consumer.assign(List.of(tp));
    long start = consumer.beginningOffsets(List.of(tp)).get(tp);
    long end = consumer.endOffsets(List.of(tp)).get(tp);
    if (offset < start || offset >= end) {
      return Optional.empty();
    }
    consumer.seek(tp, offset);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && consumer.position(tp) <= offset) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        if (r.offset() == offset) {
          return Optional.of(r);
        }
        if (r.offset() > offset) {
          return Optional.empty(); // compacted or a transaction marker: it is gone
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
