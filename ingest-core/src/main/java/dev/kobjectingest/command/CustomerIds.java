package dev.kobjectingest.command;

/**
 * The values of the customer-ids topic, keyed by identity: a Kustomer customer id once the sink
 * resolved the identity, or a failure mark once it gave the identity up (its command was
 * dead-lettered). The mark tells the topology to dead-letter the identity's orders instead of
 * letting them wait in silence; a later id replaces it (a replay that succeeded) and releases them.
 */
public final class CustomerIds {
  /** Customer ids are Kustomer's hex object ids: they never start with this. */
  static final String FAILED = "!failed:";

  private CustomerIds() {}

  /**
   * The mark for an identity whose customer command was dead-lettered for {@code reason} at {@code
   * at} (epoch millis): every mark differs, so each one reaches the orders waiting for it again.
   */
  public static String failed(String reason, long at) {
    return FAILED + reason + ":" + at;
  }

  /** Whether {@code value} is a failure mark rather than a customer id. */
  public static boolean isFailed(String value) {
    return value != null && value.startsWith(FAILED);
  }

  /** The dead-letter reason of a failure mark. */
  public static String reason(String value) {
    String rest = value.substring(FAILED.length());
    int colon = rest.lastIndexOf(':');
    return colon < 0 ? rest : rest.substring(0, colon);
  }

  /** When a failure mark was set (epoch millis), or 0 when {@code value} is not one. */
  public static long at(String value) {
    if (!isFailed(value)) {
      return 0;
    }
    try {
      return Long.parseLong(value.substring(value.lastIndexOf(':') + 1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The customer id in {@code value}, or null when it is absent or a failure mark. */
  public static String idOf(String value) {
    return value == null || isFailed(value) ? null : value;
  }
}
