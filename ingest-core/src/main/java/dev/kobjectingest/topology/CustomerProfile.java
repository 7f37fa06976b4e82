package dev.kobjectingest.topology;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kobjectingest.mapping.Origin;
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
 * @param emitted the customer update last decided on (JSON): sent, or due to be sent; an unchanged
 *     profile sends nothing
 * @param due set while an update of this profile waits for the next send (the profile's update as
 *     it is then goes out); null when nothing is due. Kept in the profile itself, so it is in the
 *     store's changelog: a restart or a rebalance sends it, never loses it.
 */
record CustomerProfile(
    long orders,
    Map<String, String> sums,
    Map<String, Held> latest,
    Map<String, Held> attributes,
    String emitted,
    @JsonInclude(JsonInclude.Include.NON_NULL) Due due) {
  CustomerProfile {
    sums = Collections.unmodifiableMap(new TreeMap<>(sums == null ? Map.of() : sums));
    latest = Collections.unmodifiableMap(new TreeMap<>(latest == null ? Map.of() : latest));
    attributes =
        Collections.unmodifiableMap(new TreeMap<>(attributes == null ? Map.of() : attributes));
  }

  static CustomerProfile empty() {
    return new CustomerProfile(0, Map.of(), Map.of(), Map.of(), null, null);
  }

  CustomerProfile withEmitted(String update) {
    return new CustomerProfile(orders, sums, latest, attributes, update, due);
  }

  CustomerProfile withDue(Due next) {
    return new CustomerProfile(orders, sums, latest, attributes, emitted, next);
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

  /**
   * An update waiting to be sent: what the newest record behind it carries into the customer
   * command.
   *
   * @param eventTime the newest record's timestamp (epoch millis), for end-to-end latency
   * @param origin the raw order event behind the newest record, for a dead letter to point back to
   */
  record Due(long eventTime, Origin origin) {}
}
