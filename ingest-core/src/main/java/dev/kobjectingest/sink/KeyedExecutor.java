package dev.kobjectingest.sink;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Runs work for many keys concurrently and for one key strictly in order, one at a time: all writes
 * of one order, and all creation for one identity, are serial; different orders use the budget in
 * parallel. When several items of a key are queued, only the newest runs; the others are {@link
 * Work#superseded() superseded} (coalescing: an order's newest state makes the older writes
 * pointless).
 *
 * @param <K> the key type; equal keys are serial
 */
final class KeyedExecutor<K> {
  /** One queued item. */
  interface Work {
    /** Does the work; called on a pool thread. */
    void run();

    /** Called instead of {@link #run()} when a newer item of the same key replaced it. */
    void superseded();

    /** Whether this item may replace the queued {@code older} one. */
    boolean supersedes(Work older);
  }

  private final Executor pool;
  private final Map<K, ArrayDeque<Work>> queues = new HashMap<>();

  KeyedExecutor(Executor pool) {
    this.pool = pool;
  }

  void submit(K key, Work work) {
    boolean start;
    synchronized (this) {
      ArrayDeque<Work> q = queues.get(key);
      start = q == null;
      if (start) {
        q = new ArrayDeque<>();
        queues.put(key, q);
      }
      q.addLast(work);
    }
    if (start) {
      pool.execute(() -> drain(key));
    }
  }

  private void drain(K key) {
    while (true) {
      Work next;
      synchronized (this) {
        ArrayDeque<Work> q = queues.get(key);
        next = q.pollFirst();
        if (next == null) {
          queues.remove(key);
          return;
        }
        // Coalesce: if a queued later item supersedes this one, skip ahead.
        while (!q.isEmpty() && q.peekFirst().supersedes(next)) {
          Work newer = q.pollFirst();
          next.superseded();
          next = newer;
        }
      }
      next.run();
    }
  }
}
