package dev.kobjectingest.sink;

/**
 * The local disk under one of the sink's id tables failed (full, read-only, gone, an I/O error in
 * RocksDB): a fault of the instance's infrastructure, like Kafka or Redis being down, not of the
 * record being applied, so {@link RetryingApplier} waits it out and never dead-letters for it. The
 * message names the directory and the underlying error, never a key or a value (they hold customer
 * data).
 */
final class LocalStorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String dir;

  LocalStorageException(String action, Object dir, Throwable cause) {
    super("cannot " + action + " the local table in " + dir + ": " + describe(cause), cause);
    this.dir = String.valueOf(dir);
  }

  /** The local-storage failure in {@code e}'s chain of causes (wrapped on its way up), or null. */
  static LocalStorageException in(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LocalStorageException l) {
        return l;
      }
    }
    return null;
  }

  /** The directory of the table that failed. */
  String dir() {
    return dir;
  }

  /** The underlying error in one line (RocksDB's status names files, never keys). */
  String reason() {
    return describe(getCause());
  }

  private static String describe(Throwable cause) {
    return cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
