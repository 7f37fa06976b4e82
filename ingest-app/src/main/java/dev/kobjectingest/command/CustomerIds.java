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

  /** The mark for an identity whose customer command was dead-lettered for {@code reason}. */
  public static String failed(String reason) {
    return FAILED + reason;
  }

  /** Whether {@code value} is a failure mark rather than a customer id. */
  public static boolean isFailed(String value) {
    return value != null && value.startsWith(FAILED);
  }

  /** The dead-letter reason of a failure mark. */
  public static String reason(String value) {
    return value.substring(FAILED.length());
  }

  /** The customer id in {@code value}, or null when it is absent or a failure mark. */
  public static String idOf(String value) {
    return value == null || isFailed(value) ? null : value;
  }
}
