package dev.kobjectingest.sink;

import java.time.Clock;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * A command topic's backlog as the choice between single and bulk writes weighs it: the records in
 * flight, but held at {@code sink.bulk.min-backlog} for {@link #STAY} after they last reached it.
 * In a backlog of orders the topology hands commands over at its own pace, so the count swings
 * between none and dozens while thousands of events still wait upstream; every dip under the
 * threshold sent its commands singly, one request each instead of a share of a bulk request. At
 * trickle the count never reaches the threshold, and a lone command still goes at once.
 */
final class StickyBacklog implements IntSupplier {
  /**
   * How long a backlog counts as lasting after the records in flight last reached the threshold.
   */
  static final Duration STAY = Duration.ofSeconds(10);

  private final IntSupplier inFlight;
  private final int threshold;
  private final Clock clock;
  private volatile long reachedAt = Long.MIN_VALUE;

  StickyBacklog(IntSupplier inFlight, int threshold, Clock clock) {
    this.inFlight = inFlight;
    this.threshold = threshold;
    this.clock = clock;
  }

  @Override
  public int getAsInt() {
    int now = inFlight.getAsInt();
    long at = clock.millis();
    if (now >= threshold) {
      reachedAt = at;
      return now;
    }
    boolean lasting = reachedAt != Long.MIN_VALUE && at - reachedAt < STAY.toMillis();
    return lasting ? threshold : now;
  }
}
