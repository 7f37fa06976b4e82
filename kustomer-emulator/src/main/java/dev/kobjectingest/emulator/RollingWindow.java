package dev.kobjectingest.emulator;

import java.util.ArrayDeque;

/**
 * Exact count of events in the last {@code windowMillis}: the event times themselves are kept, so a
 * limit checked against it holds for every rolling window, not just for aligned minutes. Not
 * thread-safe; callers hold a lock.
 */
final class RollingWindow {
  private final long windowMillis;
  private final ArrayDeque<Long> times = new ArrayDeque<>();

  RollingWindow(long windowMillis) {
    this.windowMillis = windowMillis;
  }

  int count(long nowMillis) {
    expire(nowMillis);
    return times.size();
  }

  void add(long nowMillis) {
    expire(nowMillis);
    times.addLast(nowMillis);
  }

  /** Forgets one event counted at {@code nowMillis}, as if it had never been added. */
  void remove(long nowMillis) {
    times.removeLastOccurrence(nowMillis);
  }

  /** When the oldest event leaves the window, freeing one unit; {@code now} when empty. */
  long nextFreeAt(long nowMillis) {
    expire(nowMillis);
    Long oldest = times.peekFirst();
    return oldest == null ? nowMillis : oldest + windowMillis;
  }

  void clear() {
    times.clear();
  }

  boolean isEmpty(long nowMillis) {
    return count(nowMillis) == 0;
  }

  private void expire(long nowMillis) {
    long horizon = nowMillis - windowMillis;
    while (!times.isEmpty() && times.peekFirst() <= horizon) {
      times.removeFirst();
    }
  }
}
