package dev.kobjectingest.topology;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One customer's profile as the topology keeps it: computed from the facts of each of its orders
 * (kept beside it, one entry per order), so an updated order replaces its contribution instead of
 * adding to it, and a duplicated or late event changes nothing.
 *
 * @param orders how many orders the customer has
 * @param sums each {@code SUM} aggregate's exact total, as decimal text
 * @param latest each {@code LATEST} aggregate's value and the order holding it
 * @param attributes each owned attribute ({@code name}, {@code custom.loyaltyStr}) and the order it
 *     comes from: the newest order's value wins
 * @param emitted the customer update last sent on (JSON), so an unchanged profile sends nothing
 */
record CustomerProfile(
    long orders,
    Map<String, String> sums,
    Map<String, Held> latest,
    Map<String, Held> attributes,
    String emitted) {
  CustomerProfile {
    sums = Collections.unmodifiableMap(new TreeMap<>(sums == null ? Map.of() : sums));
    latest = Collections.unmodifiableMap(new TreeMap<>(latest == null ? Map.of() : latest));
    attributes =
        Collections.unmodifiableMap(new TreeMap<>(attributes == null ? Map.of() : attributes));
  }

  static CustomerProfile empty() {
    return new CustomerProfile(0, Map.of(), Map.of(), Map.of(), null);
  }

  CustomerProfile withEmitted(String update) {
    return new CustomerProfile(orders, sums, latest, attributes, update);
  }

  /**
   * A value and where it comes from. {@code rank} orders candidates: a date's epoch millis for
   * {@code LATEST}, the order's version for attributes; ties go to the greater order id, so the
   * result does not depend on the order events arrived in.
   */
  record Held(JsonNode value, long rank, String orderId) {
    boolean beats(Held other) {
      return other == null
          || rank > other.rank
          || (rank == other.rank && orderId.compareTo(other.orderId) > 0);
    }
  }
}
