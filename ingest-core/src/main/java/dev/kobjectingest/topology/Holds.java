package dev.kobjectingest.topology;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The orders a processor holds back, each with when its hold began (wall clock), in a store so the
 * holds survive restarts and move with their task. {@link #count} reads the store again: the figure
 * a gauge shows is the store's truth, not a counter that drifts.
 */
final class Holds {
  /** How many are held and how long the oldest has been. */
  record Figures(long count, long oldestAgeMillis) {}

  private final KeyValueStore<String, Long> store;

  Holds(KeyValueStore<String, Long> store) {
    this.store = store;
  }

  /** Starts a hold unless one is on already; true when it is new. */
  boolean hold(String key, long now) {
    if (store.get(key) != null) {
      return false;
    }
    store.put(key, now);
    return true;
  }

  /**
   * Ends a hold; true when there was one. Looked up first: a delete writes a tombstone to the
   * changelog even when nothing was held, and most orders that pass were never held (in {@code
   * bench topology}, one tombstone per order command, as many changelog records as commands).
   */
  boolean release(String key) {
    if (store.get(key) == null) {
      return false;
    }
    store.delete(key);
    return true;
  }

  Figures count(long now) {
    long n = 0;
    long oldest = Long.MAX_VALUE;
    try (KeyValueIterator<String, Long> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, Long> e = all.next();
        n++;
        oldest = Math.min(oldest, e.value);
      }
    }
    return new Figures(n, n == 0 ? 0 : Math.max(0, now - oldest));
  }
}
