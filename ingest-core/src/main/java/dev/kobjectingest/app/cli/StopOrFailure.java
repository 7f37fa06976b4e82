package dev.kobjectingest.app.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How {@code run} ends: a stop asked for (SIGTERM, counted down by the shutdown hook) returns; a
 * failure of the pipeline (a refused key, a sink loop that died, Streams that gave up) closes it
 * and ends in an exception whose message is the one {@code error:} line, exit code 1, so an
 * orchestrator restarts the instance instead of it idling with a dead half.
 */
final class StopOrFailure {
  private final CountDownLatch stop;
  private final Supplier<String> failure;
  private final Duration every;

  StopOrFailure(CountDownLatch stop, Supplier<String> failure, Duration every) {
    this.stop = stop;
    this.failure = failure;
    this.every = every;
  }

  /** Waits for either; on a failure runs {@code close} first (it may take seconds). */
  void await(Runnable close) throws InterruptedException {
    while (!stop.await(every.toMillis(), TimeUnit.MILLISECONDS)) {
      String why = failure.get();
      if (why != null) {
        close.run();
        throw new IllegalStateException(why);
      }
    }
  }
}
