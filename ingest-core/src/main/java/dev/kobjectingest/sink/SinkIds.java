package dev.kobjectingest.sink;

/**
 * What the sink knows about the objects it wrote, kept in the compacted {@code topics.sink-ids}:
 * per order KObject its id and the change count last applied, per item KObject (Rel model) its id
 * and what it was last written with (so a restart neither looks ids up again nor lets an old
 * replayed command overwrite a newer state), and a pending mark written before any create that
 * skips the lookup (so a create interrupted by a crash is looked up, never repeated blindly).
 * Customers get a pending mark the same way (their ids live in the customer-ids topic), the digest
 * of the last update written to them, and the identities taken for them by a weaker key.
 */
final class SinkIds {
  /** An order KObject: its id (null while pending) and the change count applied. */
  record OrderMark(String id, long changes, boolean pending) {}

  private final IdTable table;

  SinkIds(IdTable table) {
    this.table = table;
  }

  OrderMark order(String klass, String externalId) {
    String v = table.get(orderKey(klass, externalId));
    if (v == null) {
      return null;
    }
    int bar = v.lastIndexOf('|');
    long changes = Long.parseLong(v.substring(bar + 1));
    String id = v.substring(0, bar);
    return id.equals("?") ? new OrderMark(null, changes, true) : new OrderMark(id, changes, false);
  }

  /** Marks a create about to happen without a lookup; keeps the change count applied so far. */
  void orderPending(String klass, String externalId, long appliedChanges)
      throws InterruptedException {
    table.put(orderKey(klass, externalId), "?|" + appliedChanges);
  }

  void orderWritten(String klass, String externalId, String id, long changes)
      throws InterruptedException {
    table.put(orderKey(klass, externalId), id + "|" + changes);
  }

  /**
   * An item KObject (Rel model): its id (null while pending) and a digest of the body last written,
   * so an item that did not change is not written again.
   */
  record ItemMark(String id, String digest, boolean pending) {}

  ItemMark item(String klass, String externalId) {
    String v = table.get(itemKey(klass, externalId));
    if (v == null) {
      return null;
    }
    int bar = v.lastIndexOf('|');
    String id = v.substring(0, bar);
    String digest = v.substring(bar + 1);
    return id.equals("?") ? new ItemMark(null, digest, true) : new ItemMark(id, digest, false);
  }

  /** Marks an item create about to happen without a lookup. */
  void itemPending(String klass, String externalId) throws InterruptedException {
    table.put(itemKey(klass, externalId), "?|");
  }

  void itemWritten(String klass, String externalId, String id, String digest)
      throws InterruptedException {
    table.put(itemKey(klass, externalId), id + "|" + digest);
  }

  boolean customerPending(String identityKey) {
    return table.get(customerKey(identityKey)) != null;
  }

  void customerPending(String identityKey, boolean pending) throws InterruptedException {
    table.put(customerKey(identityKey), pending ? "?" : null);
  }

  /** The digest of the last update written to a customer (or it was created with), or null. */
  String customerUpdate(String customerId) {
    return table.get(updateKey(customerId));
  }

  void customerUpdate(String customerId, String digest) throws InterruptedException {
    table.put(updateKey(customerId), digest);
  }

  /**
   * The strongest keys of the identities taken for a customer that does not hold them, as a JSON
   * array ({@link CustomerClaims}), or null.
   */
  String customerClaims(String customerId) {
    return table.get(claimsKey(customerId));
  }

  void customerClaims(String customerId, String claims) throws InterruptedException {
    table.put(claimsKey(customerId), claims);
  }

  /** Whether the store holds nothing: no order, item or customer was ever written through it. */
  boolean isEmpty() {
    return table.isEmpty();
  }

  void catchUp() {
    table.catchUp();
  }

  private static String orderKey(String klass, String externalId) {
    return "order/" + klass + "/" + externalId;
  }

  private static String itemKey(String klass, String externalId) {
    return "item/" + klass + "/" + externalId;
  }

  private static String updateKey(String customerId) {
    return "customer-update/" + customerId;
  }

  private static String claimsKey(String customerId) {
    return "customer-claims/" + customerId;
  }

  private static String customerKey(String identityKey) {
    return "customer/" + identityKey;
  }
}
