package dev.kobjectingest.sink;

import dev.kobjectingest.kustomer.KustomerResponse;
import dev.kobjectingest.kustomer.Outcome;

/**
 * A Kustomer call that did not succeed, with its classification. Its message names the request by
 * method and path template only; the body of Kustomer's answer is kept for the dead letter. Never
 * holds the API key.
 */
final class CallFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final Outcome outcome;
  private final Integer status;
  private final String errorBody;
  private final boolean objectLimit;
  private final String errorCode;

  CallFailure(Outcome outcome, String request, KustomerResponse r, Throwable cause) {
    super(
        request
            + " -> "
            + (r == null
                ? cause.getClass().getSimpleName() + ": " + cause.getMessage()
                : r.status() + " " + r.errorText()),
        cause,
        false,
        false);
    this.outcome = outcome;
    this.status = r == null ? null : r.status();
    this.errorBody = r == null ? null : truncate(r.rawBody());
    this.objectLimit =
        r != null && dev.kobjectingest.kustomer.budget.RequestBudget.isObjectLimit(r);
    this.errorCode = r == null ? "" : r.errorCode();
  }

  Outcome outcome() {
    return outcome;
  }

  Integer status() {
    return status;
  }

  String errorBody() {
    return errorBody;
  }

  String errorCode() {
    return errorCode;
  }

  /** A 429 about one customer or object: only its key should wait. */
  boolean objectLimit() {
    return objectLimit;
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 2000 ? s : s.substring(0, 2000) + "...";
  }
}
