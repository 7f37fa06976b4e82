package dev.kobjectingest.sink;

import dev.kobjectingest.deadletter.DeadLetter;

/** How applying one record ended, as {@link RetryingApplier} decides it. */
sealed interface ApplyResult {
  /** Written to Kustomer; {@code eventTime}: the source event's timestamp, for latency. */
  record Applied(long eventTime) implements ApplyResult {}

  /** It can never be applied as it is: dead-letter it, for {@code reason}, with {@code letter}. */
  record Rejected(SinkReason reason, DeadLetter letter) implements ApplyResult {}

  /** The sink cannot go on (Kustomer refused the key, or a klass is missing and must be). */
  record Fatal(CallFailure failure) implements ApplyResult {}

  /** Interrupted (the sink is stopping): not finished, so it is delivered again. */
  record Stopped() implements ApplyResult {}
}
