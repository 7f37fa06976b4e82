package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.kustomer.ApiPath;
import dev.kobjectingest.kustomer.KustomerResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves many identities with one customer search ({@code POST /v1/customers/search}, an {@code
 * or} of their keys: docs/kustomer-api.md 2) instead of one lookup each: an org that already has
 * its customers costs one request per a few hundred identities, not one per customer. Each item is
 * an identity's lookups ({@code {"lookups":["externalId:…","email:…","phone:…"]}}); its future ends
 * with the customer it names (strongest key first, and only the same person: {@link SamePerson}),
 * or null when there is none. Weaker contact points that another person's customer holds are
 * remembered ({@link #heldByOthers}), so the create that follows shares them instead of being
 * refused.
 */
final class CustomerSearch implements BatchRequest {
  private static final Logger LOG = LoggerFactory.getLogger(CustomerSearch.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Kustomer takes at most 20 items in an {@code and}/{@code or} (docs/kustomer-api.md 2). */
  static final int PER_CLAUSE = 20;

  private static final int PAGE_SIZE = 500;
  private static final int MAX_PAGES = 100;

  private final KustomerApi api;
  private final CustomerClaims claims;
  private final Map<String, Set<String>> heldByOthers = new ConcurrentHashMap<>();

  CustomerSearch(KustomerApi api, CustomerClaims claims) {
    this.api = api;
    this.claims = claims;
  }

  /** The item for an identity. */
  static ObjectNode item(List<String> lookups) {
    ObjectNode item = NODES.objectNode();
    lookups.forEach(item.putArray("lookups")::add);
    return item;
  }

  /** How many criteria one search may carry: an {@code or} of {@code or}s, 20 each. */
  static int maxCriteria() {
    return PER_CLAUSE * PER_CLAUSE;
  }

  @Override
  public String name() {
    return "POST /v1/customers/search";
  }

  /**
   * The weaker keys of an identity ({@code email:…}, {@code phone:…}) that the last search found on
   * another person's customer, removed as they are read.
   */
  Set<String> heldByOthers(List<String> lookups) {
    Set<String> held = heldByOthers.remove(String.join("\n", lookups));
    return held == null ? Set.of() : held;
  }

  @Override
  public void run(List<BulkRequest.Item> batch) {
    try {
      List<JsonNode> hits = search(criteria(batch));
      for (BulkRequest.Item item : batch) {
        item.result().complete(resolve(lookups(item), hits));
      }
    } catch (CallFailure f) {
      batch.forEach(i -> i.result().completeExceptionally(f));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CallFailure f = unknown("interrupted");
      batch.forEach(i -> i.result().completeExceptionally(f));
    } catch (RuntimeException e) {
      LOG.error("customer search failed unexpectedly", e);
      CallFailure f = unknown("unexpected: " + e);
      batch.forEach(i -> i.result().completeExceptionally(f));
    }
  }

  @Override
  public CallFailure unknown(String why) {
    return CallFailure.unknown(name(), why);
  }

  /** Every page of the search for {@code criteria}. */
  private List<JsonNode> search(List<ObjectNode> criteria)
      throws CallFailure, InterruptedException {
    ObjectNode body = NODES.objectNode().put("queryContext", "customer");
    ArrayNode or = body.putArray("or");
    for (int i = 0; i < criteria.size(); i += PER_CLAUSE) {
      or.addObject()
          .putArray("or")
          .addAll(criteria.subList(i, Math.min(criteria.size(), i + PER_CLAUSE)));
    }
    List<JsonNode> hits = new ArrayList<>();
    for (int page = 1; page <= MAX_PAGES; page++) {
      KustomerResponse r =
          api.call("POST", ApiPath.customerSearch(page, PAGE_SIZE), body, Set.of());
      r.body().path("data").forEach(hits::add);
      if (!r.body().path("links").path("next").isTextual()) {
        break;
      }
    }
    return hits;
  }

  private static List<ObjectNode> criteria(List<BulkRequest.Item> batch) {
    Set<String> seen = new LinkedHashSet<>();
    List<ObjectNode> out = new ArrayList<>();
    for (BulkRequest.Item item : batch) {
      for (String lookup : lookups(item)) {
        if (seen.add(lookup)) {
          int colon = lookup.indexOf(':');
          String field = "customer_" + lookup.substring(0, colon);
          ObjectNode c = NODES.objectNode();
          c.putObject(field).put("equals", lookup.substring(colon + 1));
          out.add(c);
        }
      }
    }
    return out;
  }

  /**
   * The customer the identity's strongest key names among the hits, else one its weaker keys name
   * that is the same person; null when none. Weaker keys found on other people are remembered.
   */
  private String resolve(List<String> lookups, List<JsonNode> hits) throws InterruptedException {
    Set<String> others = new LinkedHashSet<>();
    for (String lookup : lookups) {
      for (JsonNode hit : hits) {
        JsonNode attributes = hit.path("attributes");
        if (!holds(attributes, lookup)) {
          continue;
        }
        if (claims.take(lookups, lookup, hit.path("id").asText(null), attributes)) {
          return hit.path("id").asText(null);
        }
        others.add(lookup);
      }
    }
    if (!others.isEmpty()) {
      heldByOthers.put(String.join("\n", lookups), others);
    }
    return null;
  }

  /** Whether a customer holds the key ({@code email:…}): not as a shared contact point. */
  static boolean holds(JsonNode customer, String lookup) {
    int colon = lookup.indexOf(':');
    String kind = lookup.substring(0, colon);
    String value = lookup.substring(colon + 1);
    switch (kind) {
      case "externalId" -> {
        if (value.equals(customer.path("externalId").asText(null))) {
          return true;
        }
        for (JsonNode e : customer.path("externalIds")) {
          if (value.equals(e.path("externalId").asText(null))) {
            return true;
          }
        }
        return false;
      }
      case "email" -> {
        for (JsonNode e : customer.path("emails")) {
          if (value.equalsIgnoreCase(e.path("email").asText(""))) {
            return true;
          }
        }
        return false;
      }
      default -> {
        String digits = digits(value);
        for (JsonNode p : customer.path("phones")) {
          if (!digits.isEmpty() && digits.equals(digits(p.path("phone").asText("")))) {
            return true;
          }
        }
        return false;
      }
    }
  }

  private static String digits(String phone) {
    return phone.replaceAll("[^0-9]", "").toLowerCase(Locale.ROOT);
  }

  private static List<String> lookups(BulkRequest.Item item) {
    List<String> out = new ArrayList<>();
    item.body().path("lookups").forEach(l -> out.add(l.asText()));
    return out;
  }
}
