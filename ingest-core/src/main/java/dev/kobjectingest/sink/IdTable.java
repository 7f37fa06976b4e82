package dev.kobjectingest.sink;

/**
 * A durable table of what the sink learned (customer ids, KObject ids, change counts), shared by
 * every instance: a {@link CompactedTable} in production, a map in tests.
 */
interface IdTable {
  /** The value of {@code key}, or null. */
  String get(String key);

  /** Writes durably before returning; {@code value} null deletes. */
  void put(String key, String value) throws InterruptedException;

  /** Whether the table holds no key. */
  boolean isEmpty();

  /** Blocks until everything written to the table before this call is seen here. */
  void catchUp();
}
