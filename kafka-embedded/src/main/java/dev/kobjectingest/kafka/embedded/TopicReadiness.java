package dev.kobjectingest.kafka.embedded;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Producing to a topic right after creating it races the broker applying the creation: a first
 * request can fail with NOT_LEADER while a later one is accepted, and the retried first batch is
 * then refused as out of order until it expires (KAFKA-15591). Tools that create topics and publish
 * at once wait here for every partition to have a leader, and publish with one request in flight.
 */
public final class TopicReadiness {
  private TopicReadiness() {}

  /** Waits until every partition of the topics has a leader. */
  public static void awaitLeaders(Admin admin, Collection<String> topics, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        Map<String, TopicDescription> d =
            admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
        boolean ready =
            d.values().stream()
                .allMatch(
                    t ->
                        t.partitions().stream()
                            .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        if (ready) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        // not there yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for topics", e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topics " + topics + " have no leaders after " + timeout);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for topics", e);
      }
    }
  }

  /**
   * Producer settings for publishing right after topic creation: no batch can overtake an earlier
   * one.
   */
  public static Map<String, Object> orderedProducerSettings() {
    return Map.of(
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
        1,
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
        true);
  }
}
