package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Per-key order: one key's items run in order and never two at once; coalescing. */
class KeyedExecutorTest {
  /** An item that records when it ran, and how many of its key were running with it. */
  private static final class Step implements KeyedExecutor.Work {
    final String key;
    final int seq;
    final boolean coalescing;
    final Map<String, AtomicInteger> active;
    final List<String> log;
    final AtomicInteger overlaps;

    Step(
        String key,
        int seq,
        boolean coalescing,
        Map<String, AtomicInteger> active,
        List<String> log,
        AtomicInteger overlaps) {
      this.key = key;
      this.seq = seq;
      this.coalescing = coalescing;
      this.active = active;
      this.log = log;
      this.overlaps = overlaps;
    }

    @Override
    public void run() {
      AtomicInteger n = active.computeIfAbsent(key, k -> new AtomicInteger());
      if (n.incrementAndGet() > 1) {
        overlaps.incrementAndGet();
      }
      log.add(key + ":" + seq);
      LockSupport.parkNanos(10_000); // long enough for another thread to overlap, were it let
      n.decrementAndGet();
    }

    @Override
    public void superseded() {
      log.add(key + ":" + seq + ":superseded");
    }

    @Override
    public boolean supersedes(KeyedExecutor.Work older) {
      return coalescing && older instanceof Step o && o.key.equals(key) && seq >= o.seq;
    }
  }

  private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final AtomicInteger overlaps = new AtomicInteger();

  @Test
  void oneKeysItemsRunInOrderAndNeverTwoAtOnceWhileKeysRunInParallel() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      KeyedExecutor<String> executor = new KeyedExecutor<>(pool);
      SplittableRandom random = new SplittableRandom(3);
      Map<String, Integer> submitted = new java.util.HashMap<>();
      for (int i = 0; i < 5000; i++) {
        String key = "k" + random.nextInt(20);
        int seq = submitted.merge(key, 1, Integer::sum);
        executor.submit(key, new Step(key, seq, false, active, log, overlaps));
      }
      awaitLog(5000);

      assertThat(overlaps.get()).as("items of one key running at once").isZero();
      for (String key : submitted.keySet()) {
        List<Integer> ran =
            log.stream()
                .filter(l -> l.startsWith(key + ":"))
                .map(l -> Integer.parseInt(l.substring(key.length() + 1)))
                .toList();
        assertThat(ran).as(key).isSorted().hasSize(submitted.get(key));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void queuedItemsOfAKeyCoalesceToTheNewest() {
    ManualPool pool = new ManualPool();
    KeyedExecutor<String> executor = new KeyedExecutor<>(pool);
    for (int seq = 1; seq <= 4; seq++) {
      executor.submit("order-1", new Step("order-1", seq, true, active, log, overlaps));
    }
    executor.submit("order-2", new Step("order-2", 1, true, active, log, overlaps));

    pool.runAll();

    assertThat(log)
        .containsExactly(
            "order-1:1:superseded",
            "order-1:2:superseded",
            "order-1:3:superseded",
            "order-1:4",
            "order-2:1");
  }

  @Test
  void anItemThatDoesNotSupersedeRunsAfterTheOlderOne() {
    ManualPool pool = new ManualPool();
    KeyedExecutor<String> executor = new KeyedExecutor<>(pool);
    executor.submit("k", new Step("k", 2, true, active, log, overlaps));
    executor.submit("k", new Step("k", 1, true, active, log, overlaps)); // older state, later

    pool.runAll();

    assertThat(log).containsExactly("k:2", "k:1");
  }

  @Test
  void anItemSubmittedWhileItsKeyRunsWaitsForIt() {
    ManualPool pool = new ManualPool();
    KeyedExecutor<String> executor = new KeyedExecutor<>(pool);
    executor.submit("k", new Step("k", 1, false, active, log, overlaps));
    executor.submit("k", new Step("k", 2, false, active, log, overlaps));

    assertThat(pool.queued()).as("one drain task per busy key").isEqualTo(1);
    pool.runAll();
    assertThat(log).containsExactly("k:1", "k:2");

    executor.submit("k", new Step("k", 3, false, active, log, overlaps));
    assertThat(pool.queued()).as("an idle key starts again").isEqualTo(1);
  }

  private void awaitLog(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (log.size() < n && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(1);
    }
    assertThat(log).hasSize(n);
  }

  /** Runs submitted tasks only when the test says so. */
  private static final class ManualPool implements java.util.concurrent.Executor {
    private final Queue<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    int queued() {
      return tasks.size();
    }

    void runAll() {
      List<Runnable> now = new ArrayList<>();
      while (!tasks.isEmpty()) {
        now.clear();
        now.addAll(tasks);
        tasks.clear();
        now.forEach(Runnable::run);
      }
    }
  }
}
