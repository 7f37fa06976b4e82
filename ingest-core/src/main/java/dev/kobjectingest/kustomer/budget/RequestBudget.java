package dev.kobjectingest.kustomer.budget;

import dev.kobjectingest.kustomer.KustomerResponse;
import dev.kobjectingest.support.Sleeper;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The org's request budget as this instance sees it: a Bucket4j bucket (local or shared through
 * Redis) that paces every request, and a gate that follows what Kustomer says. When a response
 * shows the budget spent ({@code x-ratelimit-remaining: 0}, or an org-wide 429), every request of
 * this instance waits until {@code x-ratelimit-reset} (epoch seconds, or a delta when small), so
 * another client spending part of the budget causes a pause, not a 429 storm. Every wait reads the
 * injected clock and goes through the injected sleeper.
 */
public final class RequestBudget {
  /** How long to pause on an exhausted budget when the server gives no reset time. */
  static final long DEFAULT_PAUSE_MILLIS = 1_000;

  private static final long EPOCH_SECONDS_THRESHOLD = 1_000_000_000L;

  /** The error code of a 429 about the search limit (docs/kustomer-api.md 6). */
  static final String SEARCH_LIMITED = "search_rate_limited";

  private final Bucket bucket;
  private final Bucket searches;
  private final Clock clock;
  private final Sleeper sleeper;
  private final BlockingStrategy parking;
  private final AtomicLong pausedUntil = new AtomicLong();
  private final AtomicLong searchesPausedUntil = new AtomicLong();
  private final LongAdder waitedMillis = new LongAdder();
  private final AtomicInteger waiting = new AtomicInteger();
  private volatile long lastRemaining = -1;

  public RequestBudget(Bucket bucket, Clock clock, Sleeper sleeper) {
    this(bucket, null, clock, sleeper);
  }

  /**
   * With {@code searches}, the second limit a search spends besides the org budget (Kustomer allows
   * API keys 100 searches a minute: docs/kustomer-api.md 6).
   */
  public RequestBudget(Bucket bucket, Bucket searches, Clock clock, Sleeper sleeper) {
    this.bucket = bucket;
    this.searches = searches;
    this.clock = clock;
    this.sleeper = sleeper;
    this.parking = nanos -> sleeper.sleep(Duration.ofNanos(nanos));
  }

  /**
   * Blocks until one request may be sent: the server's pause first, then a token of the bucket.
   *
   * @throws BudgetUnavailableException when the bucket's store (Redis) fails or times out
   */
  public void acquire() throws InterruptedException, BudgetUnavailableException {
    take(bucket, pausedUntil);
  }

  /** As {@link #acquire()} for a search: a token of the search limit first, then the org's. */
  public void acquireSearch() throws InterruptedException, BudgetUnavailableException {
    if (searches != null) {
      take(searches, searchesPausedUntil);
    }
    take(bucket, pausedUntil);
  }

  private void take(Bucket from, AtomicLong gate)
      throws InterruptedException, BudgetUnavailableException {
    long start = clock.millis();
    waiting.incrementAndGet();
    try {
      takeCounted(from, gate);
    } finally {
      waiting.decrementAndGet();
    }
    waitedMillis.add(clock.millis() - start);
  }

  private void takeCounted(Bucket from, AtomicLong gate)
      throws InterruptedException, BudgetUnavailableException {
    long until;
    while ((until = gate.get()) > clock.millis()) {
      sleeper.sleep(Duration.ofMillis(Math.min(until - clock.millis(), 1_000)));
    }
    try {
      // Reserves the token, then parks for its refill: requests are served in arrival order.
      from.asBlocking().consume(1, parking);
    } catch (RuntimeException e) {
      // A local bucket never throws here; a shared one throws when Redis fails or times out
      // (Lettuce's RedisException, Bucket4j's TimeoutException), wrapping an interrupt too.
      if (e.getCause() instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        throw new InterruptedException("interrupted while asking the budget's store");
      }
      throw new BudgetUnavailableException(e);
    }
  }

  /**
   * True while some request of this instance waits for a token: the budget, not the work, sets the
   * pace, and a bulk request that waits to fill up costs nothing in throughput.
   */
  public boolean scarce() {
    return waiting.get() > 0;
  }

  /** Learns from a response: the remaining budget, and a pause when it is spent. */
  public void observe(KustomerResponse r) {
    if (r.status() == 429 && SEARCH_LIMITED.equals(r.errorCode())) {
      // The search limit, not the org budget: only searches wait (its headers describe it).
      searchesPausedUntil.accumulateAndGet(resetMillis(r), Math::max);
      return;
    }
    r.remaining().ifPresent(rem -> lastRemaining = rem);
    boolean spent = r.remaining().isPresent() && r.remaining().getAsLong() <= 0;
    boolean orgWide429 = r.status() == 429 && (spent || r.remaining().isEmpty());
    if (orgWide429 || (spent && r.ok())) {
      pauseUntil(resetMillis(r));
    }
  }

  /**
   * True when a 429 is about one customer or object, not the org budget (which still shows room).
   */
  public static boolean isObjectLimit(KustomerResponse r) {
    return r.status() == 429 && r.remaining().isPresent() && r.remaining().getAsLong() > 0;
  }

  private long resetMillis(KustomerResponse r) {
    long now = clock.millis();
    if (r.reset().isEmpty()) {
      return now + DEFAULT_PAUSE_MILLIS;
    }
    long v = r.reset().getAsLong();
    long at = v >= EPOCH_SECONDS_THRESHOLD ? v * 1000 : now + v * 1000;
    // A reset in the past or absurdly far away is not trusted beyond a minute.
    return Math.max(now + 100, Math.min(at, now + 60_000));
  }

  private void pauseUntil(long millis) {
    pausedUntil.accumulateAndGet(millis, Math::max);
  }

  /** Milliseconds spent waiting for budget so far (for metrics). */
  public long waitedMillis() {
    return waitedMillis.sum();
  }

  /** The server's last reported remaining budget, or -1. */
  public long lastRemaining() {
    return lastRemaining;
  }

  public long pausedUntilMillis() {
    return pausedUntil.get();
  }
}
