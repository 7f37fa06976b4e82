package dev.kobjectingest.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LocationAwareLogger;

/**
 * The Kafka clients' repeated INFO and WARN lines, at most one per logger and message template
 * every {@link #INTERVAL}: the first passes as it is, the next one after the interval carries how
 * many were held back in between. A deleted topic made a consumer log "unknown topic or partition"
 * 17,000 times a second, and a broker that is gone makes every client warn about the connection
 * several times a second: the log then buries everything else and fills the disk. ERROR lines, and
 * everything from outside the Kafka clients (this pipeline's own lines among them), always pass.
 * Registered in {@code logback.xml} after {@link ExpectedLogNoise}; the lines held back are counted
 * ({@link #suppressed()}, exported as a metric).
 */
public final class RepeatedLogLimit extends TurboFilter {
  /** How often one logger's message template may log. */
  public static final Duration INTERVAL = Duration.ofSeconds(30);

  private static final String KAFKA = "org.apache.kafka.";
  private static final int MAX_TEMPLATES = 10_000;
  private static final LongAdder SUPPRESSED = new LongAdder();

  /** Marks the line this filter writes itself, so it passes. */
  private static final Marker REPORT = MarkerFactory.getDetachedMarker("repeated-log-report");

  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private volatile Clock clock = Clock.systemUTC();

  private static final class Window {
    long openedAt = Long.MIN_VALUE;
    long held;
  }

  /** Lets a test move the time. */
  void useClock(Clock clock) {
    this.clock = clock;
  }

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format == null
        || marker == REPORT
        || (level != Level.WARN && level != Level.INFO)
        || !logger.getName().startsWith(KAFKA)
        || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
      return FilterReply.NEUTRAL;
    }
    if (windows.size() > MAX_TEMPLATES) {
      windows.clear();
    }
    Window w = windows.computeIfAbsent(logger.getName() + '\n' + format, k -> new Window());
    long held;
    synchronized (w) {
      long now = clock.millis();
      if (w.openedAt != Long.MIN_VALUE && now - w.openedAt < INTERVAL.toMillis()) {
        w.held++;
        SUPPRESSED.increment();
        return FilterReply.DENY;
      }
      held = w.held;
      w.openedAt = now;
      w.held = 0;
    }
    if (held == 0) {
      return FilterReply.NEUTRAL;
    }
    FormattingTuple line =
        t == null
            ? MessageFormatter.arrayFormat(format, params)
            : MessageFormatter.arrayFormat(format, params, t);
    logger.log(
        REPORT,
        Logger.FQCN,
        level == Level.WARN ? LocationAwareLogger.WARN_INT : LocationAwareLogger.INFO_INT,
        line.getMessage()
            + " ("
            + held
            + " more like it in the last "
            + INTERVAL.toSeconds()
            + " s, not logged)",
        null,
        line.getThrowable());
    return FilterReply.DENY;
  }

  /** Lines held back since the process started. */
  public static long suppressed() {
    return SUPPRESSED.sum();
  }
}
