package dev.kobjectingest.support;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * At most one log line per cause and interval, with how many were held back: a failure that repeats
 * per record (a bad upstream release, an outage) stays visible without flooding the log. The counts
 * of every occurrence belong in metrics; this only keeps the log readable.
 */
public final class RateLimitedLog {
  private final Clock clock;
  private final long intervalMillis;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  private static final class Window {
    long openedAt = Long.MIN_VALUE;
    long held;
  }

  public RateLimitedLog(Clock clock, Duration interval) {
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
  }

  /**
   * Hands {@code line} to {@code sink} (with the number held back since the last line appended)
   * when {@code cause} last logged more than the interval ago; otherwise counts it. Returns whether
   * it was logged.
   */
  public boolean log(String cause, String line, Consumer<String> sink) {
    long now = clock.millis();
    long held;
    Window w = windows.computeIfAbsent(cause, k -> new Window());
    synchronized (w) {
      if (w.openedAt != Long.MIN_VALUE && now - w.openedAt < intervalMillis) {
        w.held++;
        return false;
      }
      held = w.held;
      w.openedAt = now;
      w.held = 0;
    }
    sink.accept(held == 0 ? line : line + " (" + held + " more like it since the last report)");
    return true;
  }
}
