package dev.kobjectingest.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka client properties the pipeline's clients understand, from the client and Streams
 * libraries on the class path, so {@code kafka.bootstrap.server} (one letter short) is refused
 * instead of leaving the clients on their default of localhost.
 */
final class KafkaClientKeys {
  /** Kafka Streams routes these prefixes to one kind of its clients; {@code topic.} to topics. */
  private static final List<String> STREAMS_PREFIXES =
      List.of(
          "producer.",
          "consumer.",
          "main.consumer.",
          "restore.consumer.",
          "global.consumer.",
          "admin.");

  static final Set<String> KNOWN = known();

  private KafkaClientKeys() {}

  private static Set<String> known() {
    Set<String> s = new HashSet<>();
    s.addAll(ProducerConfig.configNames());
    s.addAll(ConsumerConfig.configNames());
    s.addAll(AdminClientConfig.configNames());
    s.addAll(StreamsConfig.configDef().names());
    return Set.copyOf(s);
  }

  /** True when {@code key} (without {@code kafka.}) is a property some client of ours reads. */
  static boolean isKnown(String key) {
    if (KNOWN.contains(key) || key.startsWith(StreamsConfig.TOPIC_PREFIX)) {
      return true;
    }
    return STREAMS_PREFIXES.stream()
        .anyMatch(p -> key.startsWith(p) && KNOWN.contains(key.substring(p.length())));
  }
}
