package dev.kobjectingest.emulator;

/**
 * The org-wide budget: at most {@code limit} accepted requests in any rolling 60 s, shared by every
 * token. It also tracks every request received, accepted or not, so the stats can show the busiest
 * rolling minute a client caused (a 429 storm shows up there even though the rejected requests did
 * no work).
 */
final class OrgRateLimiter {
  static final long WINDOW_MILLIS = 60_000;

  private final RollingWindow accepted = new RollingWindow(WINDOW_MILLIS);
  private final RollingWindow received = new RollingWindow(WINDOW_MILLIS);
  private int limit;
  private int peakReceived;
  private int peakAccepted;

  OrgRateLimiter(int limit) {
    this.limit = limit;
  }

  /** The outcome of one request against the budget. */
  record Decision(boolean allowed, int limit, int remaining, long resetEpochSeconds) {}

  synchronized Decision acquire(long nowMillis) {
    received.add(nowMillis);
    peakReceived = Math.max(peakReceived, received.count(nowMillis));
    int used = accepted.count(nowMillis);
    if (used >= limit) {
      long resetMillis = accepted.nextFreeAt(nowMillis);
      return new Decision(false, limit, 0, ceilSeconds(resetMillis));
    }
    accepted.add(nowMillis);
    used++;
    peakAccepted = Math.max(peakAccepted, used);
    return new Decision(true, limit, limit - used, ceilSeconds(accepted.nextFreeAt(nowMillis)));
  }

  /** Budget headers for a response that did not go through {@link #acquire} (e.g. a 401). */
  synchronized Decision peek(long nowMillis) {
    int used = accepted.count(nowMillis);
    return new Decision(
        used < limit,
        limit,
        Math.max(0, limit - used),
        ceilSeconds(accepted.nextFreeAt(nowMillis)));
  }

  synchronized void setLimit(int newLimit) {
    this.limit = newLimit;
  }

  synchronized int limit() {
    return limit;
  }

  synchronized int peakReceivedPerMinute() {
    return peakReceived;
  }

  synchronized int peakAcceptedPerMinute() {
    return peakAccepted;
  }

  private static long ceilSeconds(long millis) {
    return (millis + 999) / 1000;
  }
}
