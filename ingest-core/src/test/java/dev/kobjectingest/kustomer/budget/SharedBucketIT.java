package dev.kobjectingest.kustomer.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.testsupport.RedisTestServer;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Redis-backed bucket, on a real Redis and the wall clock (Redis keeps its own time). */
class SharedBucketIT {
  @Test
  void twoInstancesSharingTheRedisBucketSpendOneBudget() throws Exception {
    String key = "budget-" + UUID.randomUUID();
    String redis = RedisTestServer.shared().uri();
    try (Budgets.SharedBucket a = Budgets.redis(redis, key, 600, 1.0);
        Budgets.SharedBucket b = Budgets.redis(redis, key, 600, 1.0)) {
      long start = System.nanoTime();
      int consumed = 0;
      while (System.nanoTime() - start < 2_000_000_000L) {
        consumed += a.bucket().tryConsume(1) ? 1 : 0;
        consumed += b.bucket().tryConsume(1) ? 1 : 0;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      // Burst of 12, then 588 per minute (9.8/s) for both together: one budget, not two.
      assertThat(consumed).isLessThanOrEqualTo((int) (12 + 9.8 * seconds) + 2);
      // The budget is an upper bound; below it, a loop starved of CPU (a busy machine) lets the
      // small burst capacity overflow, so only half the rate is required.
      assertThat(consumed).isGreaterThanOrEqualTo((int) ((12 + 9.8 * seconds) / 2));
    }
  }

  /**
   * Kustomer's search limit is per API key, so two instances must share it as they share the org
   * budget: both ask for searches as fast as they can, and together they get one limit's worth.
   */
  @Test
  void twoInstancesSharingRedisSpendOneSearchLimit() throws Exception {
    String key = "budget-" + UUID.randomUUID();
    String redis = RedisTestServer.shared().uri();
    java.util.concurrent.atomic.AtomicInteger[] searches = {
      new java.util.concurrent.atomic.AtomicInteger(),
      new java.util.concurrent.atomic.AtomicInteger()
    };
    try (Budgets.SharedBucket a = Budgets.redis(redis, key, 6000, 1.0);
        Budgets.SharedBucket b = Budgets.redis(redis, key, 6000, 1.0)) {
      RequestBudget[] instances = {budget(a, key), budget(b, key)};
      java.util.concurrent.ExecutorService threads =
          java.util.concurrent.Executors.newFixedThreadPool(4);
      long start = System.nanoTime();
      for (int t = 0; t < 4; t++) {
        int instance = t % 2;
        threads.execute(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  instances[instance].acquireSearch();
                  searches[instance].incrementAndGet();
                }
              } catch (InterruptedException | BudgetUnavailableException e) {
                Thread.currentThread().interrupt();
              }
            });
      }
      Thread.sleep(3_000); // the measured window: searches run as fast as the limit lets them
      threads.shutdownNow();
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(threads.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      int total = searches[0].get() + searches[1].get();
      // 120 searches a minute: a burst of 2, then 118 a minute (~2/s) for both instances together.
      assertThat(total).isLessThanOrEqualTo((int) (2 + 118 / 60.0 * seconds) + 4);
      assertThat(searches[0].get()).as("each instance searched").isPositive();
      assertThat(searches[1].get()).as("each instance searched").isPositive();
    }
  }

  private static RequestBudget budget(Budgets.SharedBucket shared, String key) {
    return new RequestBudget(
        shared.bucket(),
        shared.another(key + ":search", 120, 1.0),
        java.time.Clock.systemUTC(),
        dev.kobjectingest.support.Sleeper.SYSTEM);
  }
}
