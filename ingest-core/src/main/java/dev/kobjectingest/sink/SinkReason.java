package dev.kobjectingest.sink;

import dev.kobjectingest.kustomer.Outcome;

/**
 * The dead-letter reasons of the sink stages (header {@code ingest.dlq.reason}, docs/design.md
 * 5.3), beside the mapping stage's {@link dev.kobjectingest.mapping.MappingException.Reason}.
 * Replay selects dead letters by these codes, so a code never changes once written.
 */
public enum SinkReason {
  /** Not a command this sink understands (not JSON, a required field missing). */
  INVALID_COMMAND("invalid-command"),
  /** Kustomer refused the request for good: a 4xx other than 401, 403, 408 and 429. */
  HTTP_4XX("http-4xx"),
  /** The klass does not exist and may not be created ({@code kustomer.klass.bootstrap=false}). */
  KLASS_MISSING("klass-missing"),
  /** Retriable failures until {@code sink.retry.deadline.ms} passed. */
  RETRIES_EXHAUSTED("retries-exhausted"),
  /** An order whose customer's command was dead-lettered: it cannot be written without one. */
  CUSTOMER_DEAD_LETTERED("customer-dead-lettered"),
  /** A bug of ours, logged with its stack trace. */
  INTERNAL_ERROR("internal-error");

  private final String code;

  SinkReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  /** Why a call's failure ends its record: a missing klass, a refusal, or time run out. */
  static SinkReason of(CallFailure f) {
    if (f.klassMissing()) {
      return KLASS_MISSING;
    }
    return f.outcome() == Outcome.PERMANENT ? HTTP_4XX : RETRIES_EXHAUSTED;
  }
}
