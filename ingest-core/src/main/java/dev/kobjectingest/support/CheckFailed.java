package dev.kobjectingest.support;

/**
 * A start-up or tool check that failed, with one line for the operator: the setting to fix, the
 * address it points to and what happened. The cause is kept for {@code INGEST_LOG_LEVEL=DEBUG}.
 */
public final class CheckFailed extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CheckFailed(String line, Throwable cause) {
    super(line, cause);
  }

  public CheckFailed(String line) {
    super(line);
  }
}
