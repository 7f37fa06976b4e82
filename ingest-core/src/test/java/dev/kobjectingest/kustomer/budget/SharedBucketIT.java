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
}
