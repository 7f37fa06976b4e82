package dev.kobjectingest.sink;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Exponential backoff with jitter and a total deadline: {@code base × 2^attempt}, capped, each ±25%
 * so that instances retrying after one outage do not return in lockstep.
 */
record Backoff(Duration base, Duration max, Duration deadline) {
  long delayMillis(int attempt, SplittableRandom random) {
    double raw = (double) base.toMillis() * Math.pow(2, Math.min(attempt, 20));
    double capped = Math.min(raw, (double) max.toMillis());
    return (long) (capped * (0.75 + random.nextDouble() * 0.5));
  }
}
