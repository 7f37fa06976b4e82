package dev.kobjectingest.sink;

import dev.kobjectingest.metrics.NotReady;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the sink can reach what it needs, from the outcome of every request (one place sees them
 * all: {@link KustomerGateway}). Kustomer counts as unreachable when it has given no answer, or
 * only 5xx and 408, for longer than a threshold, so a lone blip does not flip readiness; the
 * budget's store (Redis) as soon as it fails, since no request can go out without it.
 */
final class SinkHealth {
  private final Clock clock;
  private final Duration unreachableAfter;
  private volatile long kustomerFailingSince = -1;
  private volatile String kustomerLast = "";
  private volatile long budgetFailingSince = -1;
  private volatile String budgetLast = "";

  SinkHealth(Clock clock, Duration unreachableAfter) {
    this.clock = clock;
    this.unreachableAfter = unreachableAfter;
  }

  /** Kustomer answered {@code status} (a 429 or a 4xx is an answer: Kustomer is there). */
  void kustomerAnswered(int status) {
    if (status >= 500 || status == 408) {
      kustomerFailed("HTTP " + status);
    } else if (kustomerFailingSince >= 0) {
      kustomerFailingSince = -1;
    }
  }

  /** No answer came (refused, reset, timed out). */
  void kustomerFailed(String why) {
    kustomerLast = why;
    if (kustomerFailingSince < 0) {
      kustomerFailingSince = clock.millis();
    }
  }

  void budgetStoreAnswered() {
    if (budgetFailingSince >= 0) {
      budgetFailingSince = -1;
    }
  }

  void budgetStoreFailed(String why) {
    budgetLast = why;
    if (budgetFailingSince < 0) {
      budgetFailingSince = clock.millis();
    }
  }

  /** What keeps the sink from making progress now. */
  List<NotReady> notReady() {
    List<NotReady> causes = new ArrayList<>();
    long now = clock.millis();
    long kustomer = kustomerFailingSince;
    if (kustomer >= 0 && now - kustomer >= unreachableAfter.toMillis()) {
      causes.add(
          new NotReady(
              NotReady.KUSTOMER_UNREACHABLE,
              "no good answer from Kustomer for "
                  + (now - kustomer) / 1000
                  + " s (last: "
                  + kustomerLast
                  + "); writes are retried until sink.retry.deadline.ms"));
    }
    long budget = budgetFailingSince;
    if (budget >= 0) {
      causes.add(
          new NotReady(
              NotReady.BUDGET_STORE_UNREACHABLE,
              "kustomer.rate-limit.redis has failed for "
                  + (now - budget) / 1000
                  + " s (last: "
                  + budgetLast
                  + "); no request goes out until it answers, nothing is dead-lettered for it"));
    }
    return causes;
  }
}
