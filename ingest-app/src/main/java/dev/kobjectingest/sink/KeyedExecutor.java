package dev.kobjectingest.sink;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;

/**
 * Runs work for many keys concurrently and for one key strictly in order, one at a time: all writes
 * of one order, and all creation for one identity, are serial; different orders use the budget in
 * parallel. When several items of a key are queued, only the newest runs; the others are {@link
 * Work#superseded() superseded} (coalescing: an order's newest state makes the older writes
 * pointless).
 */
final class KeyedExecutor {
  /** One queued item. */
  interface Work {
    /** Does the work; called on a pool thread. */
    void run();

    /** Called instead of {@link #run()} when a newer item of the same key replaced it. */
    void superseded();

    /** Called instead of {@link #run()} when its partition was revoked before it started. */
    void dropped();

    /** Whether this item may replace the queued {@code older} one. */
    boolean supersedes(Work older);
  }

  private final ExecutorService pool;
  private final Map<String, ArrayDeque<Work>> queues = new HashMap<>();
  private volatile Predicate<Work> drop = w -> false;

  KeyedExecutor(ExecutorService pool) {
    this.pool = pool;
  }

  void submit(String key, Work work) {
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

  /**
   * Items matching {@code predicate} that have not started are dropped instead of run (after a
   * revocation).
   */
  void dropWhen(Predicate<Work> predicate) {
    this.drop = predicate;
  }

  /** True when no key has work queued or running. */
  synchronized boolean idle() {
    return queues.isEmpty();
  }

  private void drain(String key) {
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
      if (drop.test(next)) {
        next.dropped();
      } else {
        next.run();
      }
    }
  }
}
