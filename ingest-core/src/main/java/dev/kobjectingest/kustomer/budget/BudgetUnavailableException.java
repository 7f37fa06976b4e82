package dev.kobjectingest.kustomer.budget;

/**
 * The budget's store (the Redis holding the shared bucket) failed or did not answer in time. Not
 * the record's fault, nor Kustomer's: the request waits and is tried again.
 */
public final class BudgetUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public BudgetUnavailableException(RuntimeException cause) {
    super("the request budget's store is unavailable: " + cause, cause);
  }
}
