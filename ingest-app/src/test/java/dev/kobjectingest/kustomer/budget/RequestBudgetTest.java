package dev.kobjectingest.kustomer.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.kustomer.KustomerResponse;
import dev.kobjectingest.testsupport.RedisTestServer;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestBudgetTest {
  /** A TimeMeter tests move by hand. */
  static final class ManualTime implements TimeMeter {
    final AtomicLong nanos = new AtomicLong();

    @Override
    public long currentTimeNanos() {
      return nanos.get();
    }

    @Override
    public boolean isWallClockBased() {
      return false;
    }
  }

  @Test
  void noRollingMinuteEverExceedsTheBudgetEvenWithAGreedyClient() {
    ManualTime time = new ManualTime();
    int budget = 1000;
    Bucket bucket =
        Bucket.builder()
            .addLimit(Budgets.configuration(budget, 0.97).getBandwidths()[0])
            .withCustomTimePrecision(time)
            .build();
    ArrayDeque<Long> sent = new ArrayDeque<>();
    int maxInWindow = 0;
    long total = 0;
    // Ten minutes in 10 ms steps, consuming everything the bucket allows at each step.
    for (long t = 0; t < 600_000; t += 10) {
      time.nanos.set(t * 1_000_000);
      while (bucket.tryConsume(1)) {
        sent.addLast(t);
        total++;
      }
      while (!sent.isEmpty() && sent.peekFirst() <= t - 60_000) {
        sent.removeFirst();
      }
      maxInWindow = Math.max(maxInWindow, sent.size());
    }
    assertThat(maxInWindow).isLessThanOrEqualTo(budget);
    // ...while still using at least 95% of it over the run.
    assertThat(total / 10.0).isGreaterThanOrEqualTo(0.95 * budget);
  }

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
      assertThat(consumed).isGreaterThanOrEqualTo((int) (12 + 9.8 * seconds) - 3);
    }
  }

  @Test
  void anExhaustedBudgetPausesEveryRequestUntilTheServersReset() throws Exception {
    Clock clock = Clock.systemUTC();
    RequestBudget budget = new RequestBudget(Budgets.local(60_000, 1.0), clock);
    long resetDelta = 1; // seconds: the delta form of x-ratelimit-reset
    budget.observe(
        new KustomerResponse(
            429, null, "", OptionalLong.of(1000), OptionalLong.of(0), OptionalLong.of(resetDelta)));

    long start = System.nanoTime();
    budget.acquire();
    long waited = (System.nanoTime() - start) / 1_000_000;

    assertThat(waited).isGreaterThanOrEqualTo(900);
    assertThat(budget.lastRemaining()).isZero();
  }

  @Test
  void anObjectLimitDoesNotPauseTheInstance() {
    RequestBudget budget = new RequestBudget(Budgets.local(60_000, 1.0), Clock.systemUTC());
    KustomerResponse objectLimited =
        new KustomerResponse(
            429, null, "", OptionalLong.of(1000), OptionalLong.of(640), OptionalLong.empty());

    budget.observe(objectLimited);

    assertThat(RequestBudget.isObjectLimit(objectLimited)).isTrue();
    assertThat(budget.pausedUntilMillis()).isZero();
  }
}
