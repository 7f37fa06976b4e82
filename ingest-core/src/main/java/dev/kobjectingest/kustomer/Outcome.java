package dev.kobjectingest.kustomer;

/** What to do after one Kustomer request. */
public enum Outcome {
  /** 2xx: applied. */
  SUCCESS,
  /** I/O error, timeout, 408, 429, 5xx: try again later, the record is fine. */
  RETRIABLE,
  /** Any other 4xx: this record can never succeed as it is; dead-letter it. */
  PERMANENT,
  /** 401/403: the configuration is wrong (key, role, region); stop before burning the budget. */
  FATAL,
  /**
   * Our own infrastructure failed before Kustomer was asked (the budget store is down or slow):
   * neither the record nor the request is at fault, so it waits and is tried again for as long as
   * it takes, and never becomes a dead letter (docs/design.md invariant 6).
   */
  INFRASTRUCTURE;

  /**
   * Classifies one attempt (docs/style.md 4): {@code status} is null when no response arrived, then
   * {@code error} says why. A 404 on a lookup means "absent" and is interpreted by the caller
   * before asking here. The other readings of a failure (a missing klass, a duplicate, a bulk
   * item's result) are in {@link KustomerErrors}.
   */
  public static Outcome classify(Integer status, Throwable error) {
    if (status == null) {
      return error == null ? PERMANENT : RETRIABLE;
    }
    if (status >= 200 && status < 300) {
      return SUCCESS;
    }
    if (status == 401 || status == 403) {
      return FATAL;
    }
    if (status == 408 || status == 429 || status >= 500) {
      return RETRIABLE;
    }
    return PERMANENT;
  }
}
