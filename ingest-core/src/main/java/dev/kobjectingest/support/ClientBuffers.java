package dev.kobjectingest.support;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Bounds on what the pipeline's Kafka clients buffer in the heap, so one instance fits its
 * container: by default a consumer may hold 1 MiB per partition per fetch (the Streams consumer
 * reads some twenty partitions) and a producer keeps up to 32 MiB of batches in its pool for good.
 * Events are a few hundred bytes, so these bounds still fetch and send hundreds per request. A
 * user's own {@code kafka.*} setting wins.
 */
public final class ClientBuffers {
  static final int PARTITION_FETCH_BYTES = 256 * 1024;
  static final int FETCH_BYTES = 4 * 1024 * 1024;
  static final long PRODUCER_BUFFER_BYTES = 8L * 1024 * 1024;

  private ClientBuffers() {}

  /** A consumer's fetch bounds, under {@code prefix} (Streams' client prefixes, or ""). */
  public static void consumer(Map<Object, Object> p, String prefix) {
    bound(p, prefix, ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, PARTITION_FETCH_BYTES);
    bound(p, prefix, ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_BYTES);
  }

  /** A producer's buffer bound, under {@code prefix} (Streams' client prefix, or ""). */
  public static void producer(Map<Object, Object> p, String prefix) {
    bound(p, prefix, ProducerConfig.BUFFER_MEMORY_CONFIG, PRODUCER_BUFFER_BYTES);
  }

  // The user's setting, with or without the prefix, wins: a prefixed default would override an
  // unprefixed setting in Streams.
  private static void bound(Map<Object, Object> p, String prefix, String key, Object value) {
    if (!p.containsKey(key)) {
      p.putIfAbsent(prefix + key, value);
    }
  }
}
