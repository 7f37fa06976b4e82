package dev.kobjectingest.kustomer.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kobjectingest.kustomer.KustomerResponse;
import dev.kobjectingest.support.FakeTime;
import io.github.bucket4j.BlockingBucket;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.lettuce.core.RedisCommandTimeoutException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The budget on a fake clock: pauses and refills are waited out without waiting. */
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

  private final FakeTime time = new FakeTime();

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
  void anExhaustedBudgetPausesEveryRequestUntilTheServersReset() throws Exception {
    RequestBudget budget = new RequestBudget(Budgets.local(60_000, 1.0, time), time, time);
    long resetDelta = 1; // seconds: the delta form of x-ratelimit-reset
    budget.observe(
        new KustomerResponse(
            429, null, "", OptionalLong.of(1000), OptionalLong.of(0), OptionalLong.of(resetDelta)));

    budget.acquire();

    assertThat(time.slept()).isEqualTo(Duration.ofSeconds(1));
    assertThat(budget.waitedMillis()).isEqualTo(1000);
    assertThat(budget.lastRemaining()).isZero();
  }

  @Test
  void anEpochResetIsHonouredButNeverBeyondAMinute() throws Exception {
    RequestBudget budget = new RequestBudget(Budgets.local(60_000, 1.0, time), time, time);
    long farAway = time.instant().plus(Duration.ofHours(1)).getEpochSecond();
    budget.observe(
        new KustomerResponse(
            429, null, "", OptionalLong.of(1000), OptionalLong.of(0), OptionalLong.of(farAway)));

    budget.acquire();

    assertThat(time.slept()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void theBucketPacesRequestsOnTheInjectedClock() throws Exception {
    // 60 a minute: a burst of one, then one every 60/59 s.
    RequestBudget budget = new RequestBudget(Budgets.local(60, 1.0, time), time, time);

    for (int i = 0; i < 60; i++) {
      budget.acquire();
    }

    assertThat(time.slept()).isBetween(Duration.ofSeconds(59), Duration.ofSeconds(61));
    assertThat(budget.waitedMillis()).isBetween(59_000L, 61_000L);
  }

  @Test
  void anObjectLimitDoesNotPauseTheInstance() {
    RequestBudget budget = new RequestBudget(Budgets.local(60_000, 1.0, time), time, time);
    KustomerResponse objectLimited =
        new KustomerResponse(
            429, null, "", OptionalLong.of(1000), OptionalLong.of(640), OptionalLong.empty());

    budget.observe(objectLimited);

    assertThat(RequestBudget.isObjectLimit(objectLimited)).isTrue();
    assertThat(budget.pausedUntilMillis()).isZero();
  }

  @Test
  void aFailingBudgetStoreIsReportedAsUnavailableNotAsABug() {
    RedisCommandTimeoutException timeout = new RedisCommandTimeoutException("Command timed out");
    RequestBudget budget = new RequestBudget(failingBucket(timeout), time, time);

    assertThatThrownBy(budget::acquire)
        .isInstanceOf(BudgetUnavailableException.class)
        .hasCause(timeout);
  }

  /**
   * A shared bucket whose store fails on every call, as Lettuce does when Redis does not answer.
   */
  private static Bucket failingBucket(RuntimeException failure) {
    BlockingBucket blocking =
        (BlockingBucket)
            Proxy.newProxyInstance(
                RequestBudgetTest.class.getClassLoader(),
                new Class<?>[] {BlockingBucket.class},
                (proxy, method, args) -> {
                  throw failure;
                });
    return (Bucket)
        Proxy.newProxyInstance(
            RequestBudgetTest.class.getClassLoader(),
            new Class<?>[] {Bucket.class},
            (proxy, method, args) -> {
              if (method.getName().equals("asBlocking")) {
                return blocking;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  @Test
  void aSearchSpendsBothLimitsAndASearch429PausesOnlySearches() throws Exception {
    RequestBudget budget =
        new RequestBudget(
            Budgets.local(1000, 1.0, time), Budgets.local(100, 1.0, time), time, time);
    budget.acquireSearch();
    budget.acquire();

    com.fasterxml.jackson.databind.node.ObjectNode body =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    body.putArray("errors").addObject().put("code", "search_rate_limited");
    budget.observe(
        new dev.kobjectingest.kustomer.KustomerResponse(
            429,
            body,
            body.toString(),
            java.util.OptionalLong.of(100),
            java.util.OptionalLong.of(0),
            java.util.OptionalLong.of(5)));

    java.time.Duration before = time.slept();
    budget.acquire();
    org.assertj.core.api.Assertions.assertThat(time.slept())
        .as("other requests go on")
        .isEqualTo(before);
    budget.acquireSearch();
    org.assertj.core.api.Assertions.assertThat(time.slept().minus(before))
        .as("a search waits for the search limit's reset")
        .isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(4));
  }
}
