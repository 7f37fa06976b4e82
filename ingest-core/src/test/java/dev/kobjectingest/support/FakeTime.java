package dev.kobjectingest.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that only tests move, and a sleeper that moves it instead of waiting: backoff, budget
 * pauses and deadlines run in microseconds, and every sleep is recorded.
 */
public final class FakeTime extends Clock implements Sleeper {
  private final AtomicLong millis;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  public FakeTime() {
    this(Instant.parse("2030-01-01T00:00:00Z"));
  }

  public FakeTime(Instant start) {
    this.millis = new AtomicLong(start.toEpochMilli());
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    sleeps.add(duration);
    // Rounded up, so a wait of a few nanoseconds still lets the time pass.
    millis.addAndGet(Math.max(0, (duration.toNanos() + 999_999) / 1_000_000));
  }

  public void advance(Duration duration) {
    millis.addAndGet(duration.toMillis());
  }

  /** Every sleep so far, in order. */
  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  /** The total of every sleep so far. */
  public Duration slept() {
    return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a fake clock is UTC");
  }
}
