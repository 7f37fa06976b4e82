package dev.kobjectingest.kustomer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * How this client reads Kustomer's failures, beside {@link Outcome#classify}: the error codes it
 * acts on, what a bulk item's result says, and which failures prove that nothing was written. Pure
 * functions of what the server said (docs/kustomer-api.md 5 and 7), each table-tested.
 */
public final class KustomerErrors {
  /** {@code errors[0].code} of the 404 Kustomer answers when a KObject's klass does not exist. */
  public static final String KLASS_NOT_FOUND = "klass_not_found";

  /** A create refused because the object exists (customers are unique by each identity). */
  public static final int CONFLICT = 409;

  /** What a bulk item's error text says when its object exists ("duplicate detected"). */
  static final String BULK_DUPLICATE = "duplicate";

  private KustomerErrors() {}

  /** Whether Kustomer said the klass does not exist ({@code errorCode}: {@code errors[0].code}). */
  public static boolean klassMissing(String errorCode) {
    return KLASS_NOT_FOUND.equals(errorCode);
  }

  /** Whether a create failed because the object exists: look it up instead of creating again. */
  public static boolean duplicate(Integer status) {
    return status != null && status == CONFLICT;
  }

  /**
   * Whether a failure certainly wrote nothing: Kustomer throttled (429) or refused (503) the
   * request before doing anything. After any other failure, a lost answer included, a create may
   * have happened, so the next attempt looks the object up first.
   */
  public static boolean certainlyUnwritten(Integer status) {
    return status != null && (status == 429 || status == 503);
  }

  /**
   * Whether one result of a bulk job ({@code {_clientRef, objectId, status, error}}) reports its
   * object written.
   */
  public static boolean bulkItemWritten(JsonNode result) {
    return !"error".equals(result.path("status").asText())
        && result.path("objectId").asText(null) != null;
  }

  /**
   * The status a failed bulk item stands for, as the single call would have answered: the {@code
   * statusCode} Kustomer reports, else 409 when its error text says duplicate (the only error text
   * the docs show for bulk items is "duplicate detected"), else 400.
   */
  public static int bulkItemStatus(JsonNode result) {
    if (result.hasNonNull("statusCode")) {
      return result.get("statusCode").asInt();
    }
    return bulkItemError(result).toLowerCase(Locale.ROOT).contains(BULK_DUPLICATE) ? CONFLICT : 400;
  }

  /** A failed bulk item's error text. */
  public static String bulkItemError(JsonNode result) {
    return result.path("error").asText("bulk item failed");
  }
}
