package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * Whether a customer Kustomer found by one of an identity's keys is that identity's person
 * (invariant 3: never merge two people). Found by the identity's strongest key (externalId, else
 * email, else phone): it is, by definition. Found by a weaker key: it is, unless it holds a
 * stronger key of another value (another externalId, or, found by phone, only other emails), as
 * when a family shares one phone or a shop puts a placeholder number on every guest order. A
 * customer with no stronger key at all (created from a support conversation, say) is taken as the
 * same person: that is how an org's existing customers are found.
 */
final class SamePerson {
  private SamePerson() {}

  /**
   * @param lookups the identity's keys, strongest first ({@code externalId:…}, {@code email:…},
   *     {@code phone:…})
   * @param by the key the customer was found by
   * @param customer the customer's {@code attributes}
   */
  static boolean test(List<String> lookups, String by, JsonNode customer) {
    if (byStrongest(lookups, by)) {
      return true;
    }
    String externalId = value(lookups, "externalId");
    if (externalId != null
        && holdsOther(customer, "externalId", "externalIds", externalId, false)) {
      return false;
    }
    String email = value(lookups, "email");
    return !(by.startsWith("phone:")
        && email != null
        && holdsOther(customer, "email", "emails", email, true));
  }

  /**
   * Whether {@code by} is the identity's strongest key: what it finds is the identity's, always.
   */
  static boolean byStrongest(List<String> lookups, String by) {
    return lookups.isEmpty() || lookups.get(0).equals(by);
  }

  /** The value of the identity's {@code kind} key, or null. */
  static String value(List<String> lookups, String kind) {
    for (String l : lookups) {
      if (l.startsWith(kind + ":")) {
        return l.substring(kind.length() + 1);
      }
    }
    return null;
  }

  /** Whether the customer holds values of this kind and none is {@code ours}. */
  private static boolean holdsOther(
      JsonNode customer, String field, String list, String ours, boolean ignoreCase) {
    boolean holds = false;
    if (customer.hasNonNull(field) && !customer.get(field).asText().isEmpty()) {
      holds = true;
      if (same(customer.get(field).asText(), ours, ignoreCase)) {
        return false;
      }
    }
    for (JsonNode item : customer.path(list)) {
      String v = item.isTextual() ? item.asText() : item.path(field).asText("");
      if (!v.isEmpty()) {
        holds = true;
        if (same(v, ours, ignoreCase)) {
          return false;
        }
      }
    }
    return holds;
  }

  private static boolean same(String a, String b, boolean ignoreCase) {
    return ignoreCase ? a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT)) : a.equals(b);
  }
}
