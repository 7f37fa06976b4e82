package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kobjectingest.kustomer.ApiPath;
import dev.kobjectingest.kustomer.KustomerResponse;
import java.util.Set;

/** The Kustomer calls the sink makes, each paid from the budget and classified. */
interface KustomerApi {
  /**
   * Sends one request; returns the response when its status is 2xx or one of {@code accepted} (a
   * lookup's 404), and otherwise throws a classified {@link CallFailure} named by the path's
   * template.
   */
  KustomerResponse call(String method, ApiPath path, JsonNode body, Set<Integer> accepted)
      throws CallFailure, InterruptedException;

  /** True while requests wait for the budget (bulk requests then fill up before they go). */
  default boolean budgetScarce() {
    return false;
  }
}
