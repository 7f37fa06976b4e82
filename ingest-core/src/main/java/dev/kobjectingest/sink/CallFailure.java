package dev.kobjectingest.sink;

import dev.kobjectingest.kustomer.KustomerErrors;
import dev.kobjectingest.kustomer.KustomerResponse;
import dev.kobjectingest.kustomer.Outcome;
import dev.kobjectingest.kustomer.budget.BudgetUnavailableException;
import java.io.IOException;

/**
 * A Kustomer call that did not succeed, with its classification. Its message names the request by
 * method and path template only; the body of Kustomer's answer is kept for the dead letter. Never
 * holds the API key. Built only through the factories below, one per way a call can fail.
 */
final class CallFailure extends Exception {
  private static final long serialVersionUID = 1L;
  private static final int MAX_BODY = 2000;

  private final Outcome outcome;
  private final Integer status;
  private final String errorBody;
  private final String errorCode;
  private final boolean ofItem;

  private CallFailure(
      Outcome outcome,
      String message,
      Integer status,
      String errorBody,
      String errorCode,
      Throwable cause,
      boolean ofItem) {
    super(message, cause, false, false);
    this.ofItem = ofItem;
    this.outcome = outcome;
    this.status = status;
    this.errorBody = truncate(errorBody);
    this.errorCode = errorCode;
  }

  /** Kustomer answered {@code r}, which is not what {@code request} needed. */
  static CallFailure answered(Outcome outcome, String request, KustomerResponse r) {
    return new CallFailure(
        outcome,
        request + " -> " + r.status() + " " + r.errorText(),
        r.status(),
        r.rawBody(),
        r.errorCode(),
        null,
        false);
  }

  /** No answer arrived (connection refused or reset, timeout): retried. */
  static CallFailure noAnswer(String request, IOException e) {
    return new CallFailure(Outcome.RETRIABLE, describe(request, e), null, null, "", e, false);
  }

  /**
   * Whether {@code request} wrote anything is unknown (a bulk job that did not report): retried.
   */
  static CallFailure unknown(String request, String why) {
    return new CallFailure(Outcome.RETRIABLE, request + " -> " + why, null, null, "", null, false);
  }

  /** The budget's store failed before Kustomer was asked: waited out, never dead-lettered. */
  static CallFailure budgetUnavailable(String request, BudgetUnavailableException e) {
    return new CallFailure(Outcome.INFRASTRUCTURE, describe(request, e), null, null, "", e, false);
  }

  /**
   * One item of a bulk job failed with {@code status}: retried, so the record is redone as single
   * calls, whose answer decides.
   */
  static CallFailure bulkItem(String request, int status, String error, String result) {
    return new CallFailure(
        Outcome.RETRIABLE, request + " -> " + status + " " + error, status, result, "", null, true);
  }

  /**
   * The klass is missing and may not be created ({@code kustomer.klass.bootstrap} off): each record
   * is dead-lettered, or the sink stops ({@code fatal}). Keeps Kustomer's answer from {@code
   * cause}.
   */
  static CallFailure klassMissing(String klass, boolean fatal, CallFailure cause) {
    return new CallFailure(
        fatal ? Outcome.FATAL : Outcome.PERMANENT,
        "klass '"
            + klass
            + "' is missing and kustomer.klass.bootstrap is off ("
            + cause.getMessage()
            + ")",
        cause.status,
        cause.errorBody,
        cause.errorCode,
        null,
        false);
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

  /** Kustomer said the klass does not exist. */
  boolean klassMissing() {
    return KustomerErrors.klassMissing(errorCode);
  }

  /** A create refused because the object exists. */
  boolean duplicate() {
    return KustomerErrors.duplicate(status);
  }

  /**
   * Whether the record's next attempt may go in a bulk request again ({@code previous} null: a
   * first attempt). Yes when a whole request failed (no answer, 429, 5xx, the budget's store): its
   * items were not at fault, and a backlog's hundred records redone as single calls, each with its
   * lookups, cost a request each instead of a share of one. No after an item's own error, which a
   * single call states precisely enough to retry or dead-letter on.
   */
  static boolean bulkAllowed(CallFailure previous) {
    return previous == null
        || (!previous.ofItem
            && (previous.outcome == Outcome.RETRIABLE
                || previous.outcome == Outcome.INFRASTRUCTURE));
  }

  /** Nothing was written, so a create may be repeated without a lookup. */
  boolean certainlyUnwritten() {
    return KustomerErrors.certainlyUnwritten(status);
  }

  private static String describe(String request, Exception e) {
    return request + " -> " + e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static String truncate(String s) {
    return s == null || s.length() <= MAX_BODY ? s : s.substring(0, MAX_BODY) + "...";
  }
}
