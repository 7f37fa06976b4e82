package dev.kobjectingest.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits a while: the one way the sink and the budget pause (backoff, a spent budget, a bulk job's
 * next poll). It goes with the {@link java.time.Clock} that reads the same time, so tests pass one
 * that moves a fake clock instead of waiting (docs/style.md 7).
 */
@FunctionalInterface
public interface Sleeper {
  /** Real time; interruptible. */
  Sleeper SYSTEM = duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos());

  /** Returns after {@code duration} (at once when it is zero or negative). */
  void sleep(Duration duration) throws InterruptedException;
}
