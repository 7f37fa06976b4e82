package dev.kobjectingest.topology;

import java.time.Duration;

/**
 * When the topology sends the customer updates that became due (wall clock).
 *
 * @param interval how often due updates are looked at: at trickle, one update per customer that
 *     changed within it, carrying its newest profile
 * @param maxWait while the topology is catching up on a backlog, how long a due update may be held
 *     back: a customer's orders are spread over the whole backlog, so holding collapses its updates
 *     into about one, and the rest go as soon as the backlog is done
 */
public record CustomerUpdatePace(Duration interval, Duration maxWait) {
  /** The defaults of {@code topology.customer-updates.interval.ms} and {@code .max-wait.ms}. */
  public static final CustomerUpdatePace DEFAULT =
      new CustomerUpdatePace(Duration.ofSeconds(5), Duration.ofMinutes(5));

  public CustomerUpdatePace {
    if (interval.isNegative() || interval.isZero() || maxWait.isNegative()) {
      throw new IllegalArgumentException("interval must be positive and max wait not negative");
    }
  }
}
