package dev.kobjectingest.sink;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The least recently used entries of something larger kept in memory, up to a number of entries, so
 * memory does not grow with the history: what a backlog uses again stays, the rest is read again
 * (from local disk, or asked of Kustomer). Counts hits and misses for the metrics.
 */
final class BoundedCache<K, V> {
  private final int maxEntries;
  private final Map<K, V> entries;
  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();

  BoundedCache(int maxEntries) {
    this.maxEntries = Math.max(1, maxEntries);
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > BoundedCache.this.maxEntries;
          }
        };
  }

  /** The value of {@code key}, or null; counted as a hit or a miss. */
  synchronized V get(K key) {
    V v = entries.get(key);
    (v == null ? misses : hits).increment();
    return v;
  }

  synchronized void put(K key, V value) {
    entries.put(key, value);
  }

  synchronized void remove(K key) {
    entries.remove(key);
  }

  synchronized int size() {
    return entries.size();
  }

  int maxEntries() {
    return maxEntries;
  }
}
