package dev.kobjectingest.emulator;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-key rolling limits: Kustomer's 120 KObject creates per customer per minute and its per-object
 * update limit. Each key has its own window, so one busy customer never throttles another.
 */
final class KeyedRateLimiter {
  private final Map<String, RollingWindow> windows = new HashMap<>();
  private int limit;
  private long lastSweep;

  KeyedRateLimiter(int limit) {
    this.limit = limit;
  }

  /** Counts one event for {@code key}; false (and not counted) when the key is at its limit. */
  synchronized boolean tryAcquire(String key, long nowMillis) {
    sweep(nowMillis);
    RollingWindow window =
        windows.computeIfAbsent(key, k -> new RollingWindow(OrgRateLimiter.WINDOW_MILLIS));
    if (window.count(nowMillis) >= limit) {
      return false;
    }
    window.add(nowMillis);
    return true;
  }

  synchronized void setLimit(int newLimit) {
    this.limit = newLimit;
  }

  synchronized int limit() {
    return limit;
  }

  synchronized void clear() {
    windows.clear();
  }

  // Idle keys would otherwise accumulate for the emulator's lifetime.
  private void sweep(long nowMillis) {
    if (nowMillis - lastSweep < OrgRateLimiter.WINDOW_MILLIS) {
      return;
    }
    lastSweep = nowMillis;
    windows.values().removeIf(w -> w.isEmpty(nowMillis));
  }
}
