package dev.kobjectingest.emulator;

import java.util.SplittableRandom;

/**
 * Draws the faults of the current {@link FaultSpec} for each request. Seeded, so a run with the
 * same spec and the same request order injects the same faults.
 */
final class FaultInjector {
  /** What happens to one request. */
  enum Kind {
    NONE,
    OUTAGE,
    ERROR_5XX,
    TOO_MANY_REQUESTS
  }

  private FaultSpec spec = FaultSpec.none();
  private long appliedAtMillis;
  private SplittableRandom random = new SplittableRandom(1);

  synchronized void apply(FaultSpec newSpec, long nowMillis) {
    this.spec = newSpec;
    this.appliedAtMillis = nowMillis;
    this.random = new SplittableRandom(newSpec.seed());
  }

  synchronized FaultSpec spec() {
    return spec;
  }

  /** The fault, if any, that replaces this request's normal handling. */
  synchronized Kind before(long nowMillis) {
    long outageStart = appliedAtMillis + spec.outageStartAfterMillis();
    if (spec.outageDurationMillis() > 0
        && nowMillis >= outageStart
        && nowMillis < outageStart + spec.outageDurationMillis()) {
      return Kind.OUTAGE;
    }
    if (spec.tooManyRequests() > 0 && random.nextDouble() < spec.tooManyRequests()) {
      return Kind.TOO_MANY_REQUESTS;
    }
    if (spec.error5xx() > 0 && random.nextDouble() < spec.error5xx()) {
      return Kind.ERROR_5XX;
    }
    return Kind.NONE;
  }

  /** One of 500, 502, 503. */
  synchronized int serverErrorStatus() {
    return switch (random.nextInt(3)) {
      case 0 -> 500;
      case 1 -> 502;
      default -> 503;
    };
  }

  /** Whether the response to a request that was handled is lost. */
  synchronized boolean dropAfter() {
    return spec.drop() > 0 && random.nextDouble() < spec.drop();
  }

  /** Milliseconds to hold this response back. */
  synchronized long delayMillis() {
    long delay = draw(spec.latencyMinMillis(), spec.latencyMaxMillis());
    if (spec.slow() > 0 && random.nextDouble() < spec.slow()) {
      delay += draw(spec.slowMinMillis(), spec.slowMaxMillis());
    }
    return delay;
  }

  synchronized boolean rejects(String externalId) {
    return externalId != null && spec.rejectExternalIds().contains(externalId);
  }

  /** Epoch millis when the configured outage ends, or 0 without one. */
  synchronized long outageEndMillis() {
    return spec.outageDurationMillis() == 0
        ? 0
        : appliedAtMillis + spec.outageStartAfterMillis() + spec.outageDurationMillis();
  }

  private long draw(long min, long max) {
    return max <= min ? min : min + random.nextLong(max - min + 1);
  }
}
