package dev.kobjectingest.topics;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Using a topic right after creating it races the broker applying the creation: a client's metadata
 * may not show the topic yet, or a first produce request fails with NOT_LEADER and its retry is
 * then refused as out of order (KAFKA-15591). Topics the pipeline creates are used only once every
 * partition has a leader.
 */
final class TopicLeaders {
  private TopicLeaders() {}

  /** Waits until every partition of {@code topics} has a leader. */
  static void await(Admin admin, Collection<String> topics, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready(admin, topics)) {
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

  private static boolean ready(Admin admin, Collection<String> topics) {
    try {
      Map<String, TopicDescription> d =
          admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
      return d.values().stream()
          .flatMap(t -> t.partitions().stream())
          .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    } catch (ExecutionException | TimeoutException e) {
      return false; // not there yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for topics", e);
    }
  }
}
