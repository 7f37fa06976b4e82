package dev.kobjectingest.topology;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * What to do when a stream thread dies. Record failures never get here (they are dead letters), so
 * a thread that dies met the infrastructure: the first failures are answered by replacing the
 * thread (a broker restart heals), but {@code maxFailures} within {@code window} stop the whole
 * client, so that readiness, the exit code and the instance-down alert say what a silent
 * replace-forever loop would hide.
 */
public final class StreamThreadPolicy implements StreamsUncaughtExceptionHandler {
  /** How long after a failure the instance reports itself as failing (not ready). */
  static final Duration FAILING_FOR = Duration.ofMinutes(1);

  private final int maxFailures;
  private final Duration window;
  private final Clock clock;
  private final Deque<Long> failures = new ArrayDeque<>();
  private long total;
  private String lastFailure;
  private boolean gaveUp;

  public StreamThreadPolicy(int maxFailures, Duration window, Clock clock) {
    this.maxFailures = maxFailures;
    this.window = window;
    this.clock = clock;
  }

  @Override
  public synchronized StreamThreadExceptionResponse handle(Throwable e) {
    long now = clock.millis();
    failures.addLast(now);
    while (!failures.isEmpty() && now - failures.peekFirst() > window.toMillis()) {
      failures.removeFirst();
    }
    total++;
    lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
    if (failures.size() >= maxFailures) {
      gaveUp = true;
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /** Thread failures since start. */
  public synchronized long failures() {
    return total;
  }

  /** True after a failure in the last minute, or once the policy stopped the client. */
  public synchronized boolean failing() {
    Long last = failures.peekLast();
    return gaveUp || (last != null && clock.millis() - last < FAILING_FOR.toMillis());
  }

  /** True once the failures exceeded the budget and the client was stopped. */
  public synchronized boolean gaveUp() {
    return gaveUp;
  }

  /** The last failure, one line; null before any. */
  public synchronized String lastFailure() {
    return lastFailure;
  }

  /** What the failures amount to, for readiness and the exit message. */
  public synchronized String describe() {
    return (gaveUp ? "stopped after " : "")
        + failures.size()
        + " stream thread failure(s) within "
        + window.toSeconds()
        + " s; last: "
        + lastFailure;
  }
}
