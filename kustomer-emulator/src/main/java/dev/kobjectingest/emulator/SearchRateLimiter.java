package dev.kobjectingest.emulator;

/**
 * Kustomer's separate budget for searches by API keys: at most {@code limit} per rolling 60 s for
 * the org (docs/kustomer-api.md 6), on top of the org budget every request spends.
 */
final class SearchRateLimiter {
  private final RollingWindow window = new RollingWindow(OrgRateLimiter.WINDOW_MILLIS);
  private int limit;
  private int peak;

  SearchRateLimiter(int limit) {
    this.limit = limit;
  }

  /**
   * Counts one search, or refuses it (uncounted) when the window is full; a refusal's reset is when
   * the oldest counted search leaves the window.
   */
  synchronized OrgRateLimiter.Decision acquire(long nowMillis) {
    int used = window.count(nowMillis);
    if (used >= limit) {
      return new OrgRateLimiter.Decision(
          false, limit, 0, ceilSeconds(window.nextFreeAt(nowMillis)));
    }
    window.add(nowMillis);
    peak = Math.max(peak, used + 1);
    return new OrgRateLimiter.Decision(
        true, limit, limit - used - 1, ceilSeconds(window.nextFreeAt(nowMillis)));
  }

  /** Gives back a search counted at {@code nowMillis} that the org budget then refused. */
  synchronized void release(long nowMillis) {
    window.remove(nowMillis);
  }

  synchronized void setLimit(int newLimit) {
    this.limit = newLimit;
  }

  synchronized int limit() {
    return limit;
  }

  /** The most searches any rolling minute held: what a client's pacing kept it to. */
  synchronized int peakPerMinute() {
    return peak;
  }

  synchronized void clear() {
    window.clear();
    peak = 0;
  }

  private static long ceilSeconds(long millis) {
    return (millis + 999) / 1000;
  }
}
