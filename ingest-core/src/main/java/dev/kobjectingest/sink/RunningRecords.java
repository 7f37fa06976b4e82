package dev.kobjectingest.sink;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;

/**
 * How many records of each partition are being applied right now, so a revocation or a stop can
 * wait for them to finish (no new owner writes a key while the old one still does) without
 * spinning: a finishing record wakes the waiters. Thread-safe.
 */
final class RunningRecords {
  /** Longest sleep between two looks at the clock (a test clock may jump past the deadline). */
  private static final long MAX_WAIT_MILLIS = 100;

  private final Map<TopicPartition, Integer> running = new HashMap<>();

  synchronized void enter(TopicPartition tp) {
    running.merge(tp, 1, Integer::sum);
  }

  synchronized void exit(TopicPartition tp) {
    running.computeIfPresent(tp, (k, n) -> n == 1 ? null : n - 1);
    notifyAll();
  }

  synchronized boolean anyRunning(Predicate<TopicPartition> partitions) {
    return running.keySet().stream().anyMatch(partitions);
  }

  /**
   * Waits until no record of the matching partitions runs, or {@code clock} reaches {@code
   * deadlineMillis}; returns whether they all finished.
   */
  synchronized boolean awaitNone(
      Predicate<TopicPartition> partitions, Clock clock, long deadlineMillis)
      throws InterruptedException {
    while (anyRunning(partitions)) {
      long left = deadlineMillis - clock.millis();
      if (left <= 0) {
        return false;
      }
      wait(Math.min(left, MAX_WAIT_MILLIS));
    }
    return true;
  }
}
