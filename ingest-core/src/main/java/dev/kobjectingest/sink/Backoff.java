package dev.kobjectingest.sink;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Exponential backoff with jitter and a total deadline: {@code base × 2^attempt}, capped, each ±25%
 * so that instances retrying after one outage do not return in lockstep.
 *
 * @param deadline how long a record is retried before it is dead-lettered
 */
record Backoff(Duration base, Duration max, Duration deadline) {
  /** The pause before retry number {@code attempt} (0 for the first retry). */
  Duration delay(int attempt, SplittableRandom random) {
    double raw = (double) base.toMillis() * Math.pow(2, Math.min(attempt, 20));
    double capped = Math.min(raw, (double) max.toMillis());
    return Duration.ofMillis((long) (capped * (0.75 + random.nextDouble() * 0.5)));
  }
}
