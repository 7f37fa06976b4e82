package dev.kobjectingest.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The identities this pipeline put on a customer that does not hold them (invariant 3: never merge
 * two people). A customer taken by a weaker key (a guest's customer found by the email of a
 * registered account) never receives the identity's stronger key: Kustomer's customer keeps what it
 * had. Without a memory of it, a second registered account with the same email (a family address)
 * would find the same customer still holding no externalId and be taken as the same person too. So
 * each take is remembered in the sink's id table, per customer, and {@link SamePerson} judges the
 * next identity against the customer as if it held those keys.
 *
 * <p>The judgment and the claim are one step under a lock, so two identities resolved at once on
 * this instance cannot both take the customer. Across instances a claim reaches the others through
 * the compacted topic; two instances taking one customer for two accounts within that moment is the
 * remaining window.
 */
final class CustomerClaims {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SinkIds store;

  CustomerClaims(SinkIds store) {
    this.store = store;
  }

  /**
   * Whether the identity of {@code lookups}, having found customer {@code id} (its {@code
   * attributes}) by key {@code by}, takes it; if so, and {@code by} is a weaker key, the identity's
   * strongest key is claimed on the customer.
   */
  synchronized boolean take(List<String> lookups, String by, String id, JsonNode attributes)
      throws InterruptedException {
    if (SamePerson.byStrongest(lookups, by)) {
      return true; // nothing to judge, nothing to claim, and no read of the claims
    }
    List<String> claims = claims(id);
    if (!SamePerson.test(lookups, by, withClaims(attributes, claims))) {
      return false;
    }
    if (!claims.contains(lookups.get(0))) {
      claims.add(lookups.get(0));
      store.customerClaims(id, encode(claims));
    }
    return true;
  }

  /** Whether the identity would take the customer, claiming nothing. */
  synchronized boolean isSamePerson(
      List<String> lookups, String by, String id, JsonNode attributes) {
    return SamePerson.test(lookups, by, withClaims(attributes, claims(id)));
  }

  private List<String> claims(String id) {
    List<String> out = new ArrayList<>();
    String v = id == null ? null : store.customerClaims(id);
    if (v != null) {
      try {
        JSON.readTree(v).forEach(k -> out.add(k.asText()));
      } catch (JsonProcessingException e) {
        // Written only by encode below; unreadable means a foreign writer, and judging without
        // claims is what the pipeline did before claims existed.
        return out;
      }
    }
    return out;
  }

  private static String encode(List<String> claims) {
    ArrayNode a = JSON.createArrayNode();
    claims.forEach(a::add);
    return a.toString();
  }

  /** The customer's attributes as if it also held each claimed key as its own. */
  static JsonNode withClaims(JsonNode attributes, List<String> claims) {
    if (claims.isEmpty() || !(attributes instanceof ObjectNode o)) {
      return attributes;
    }
    ObjectNode copy = o.deepCopy();
    for (String claim : claims) {
      int colon = claim.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String kind = claim.substring(0, colon);
      if (kind.equals("externalId") || kind.equals("email") || kind.equals("phone")) {
        JsonNode list = copy.path(kind + "s");
        ArrayNode items = list instanceof ArrayNode a ? a : copy.putArray(kind + "s");
        items.addObject().put(kind, claim.substring(colon + 1));
      }
    }
    return copy;
  }
}
