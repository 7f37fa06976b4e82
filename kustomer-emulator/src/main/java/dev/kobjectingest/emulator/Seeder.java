package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Loads many customers and KObjects at once, so a benchmark starts from an org that already holds
 * them ({@code POST /__emulator/seed}). Every document is checked as the API would check it
 * (request schema, uniqueness, custom attribute typing), but no budget, per-object limit or fault
 * applies and nothing is counted as a request.
 *
 * <pre>{@code
 * {"customers": [<POST /v1/customers bodies>],
 *  "kobjects": {"order": [<POST /v1/klasses/order bodies, "customer": id
 *                          or "customerRef": {"externalId"|"email"|"phone": value}>]},
 *  "returnIds": false}
 * }</pre>
 *
 * Customers load first, so KObjects can name them by {@code customerRef}; a missing klass is
 * created. Loading stops at the first refused document, with its status and a pointer to it; the
 * documents before it stay (reset to start over).
 */
final class Seeder {
  private static final Set<String> KEYS = Set.of("customers", "kobjects", "returnIds");
  private static final Set<String> REF_KINDS = Set.of("externalId", "email", "phone");

  private final OrgState state;
  private final Clock clock;

  Seeder(OrgState state, Clock clock) {
    this.state = state;
    this.clock = clock;
  }

  ObjectNode seed(JsonNode spec) {
    long started = System.nanoTime();
    FieldChecks.object(spec, "");
    FieldChecks.onlyKeys(spec, KEYS, "");
    FieldChecks.bool(spec, "returnIds", "");
    boolean returnIds = spec.path("returnIds").asBoolean(false);
    Instant now = clock.instant();
    ObjectNode out = Json.object();

    JsonNode customers = FieldChecks.array(spec, "customers", Integer.MAX_VALUE, false, "");
    ArrayNode customerIds = Json.array();
    if (customers != null) {
      for (int i = 0; i < customers.size(); i++) {
        String at = "/customers/" + i;
        JsonNode body = customers.get(i);
        customerIds.add(
            refusedAt(
                at,
                () -> {
                  RequestValidators.customer(body, "", Set.of());
                  return state.createCustomer((ObjectNode) body, now).id;
                }));
      }
    }
    out.put("customers", customerIds.size());

    FieldChecks.anyObject(spec, "kobjects", "");
    ObjectNode kobjectCounts = out.putObject("kobjects");
    ObjectNode kobjectIds = Json.object();
    for (Map.Entry<String, JsonNode> klass : spec.path("kobjects").properties()) {
      String name = klass.getKey();
      String klassAt = "/kobjects/" + name;
      refusedAt(klassAt, () -> state.ensureKlass(name, now).id);
      JsonNode list =
          FieldChecks.array(spec.get("kobjects"), name, Integer.MAX_VALUE, false, "/kobjects");
      ArrayNode ids = kobjectIds.putArray(name);
      for (int i = 0; i < (list == null ? 0 : list.size()); i++) {
        JsonNode item = list.get(i);
        ids.add(refusedAt(klassAt + "/" + i, () -> createKObject(name, item, now)));
      }
      kobjectCounts.put(name, ids.size());
    }
    if (returnIds) {
      out.set("customerIds", customerIds);
      out.set("kobjectIds", kobjectIds);
    }
    out.put("elapsedMs", (System.nanoTime() - started) / 1_000_000);
    return out;
  }

  private String createKObject(String klass, JsonNode item, Instant now) {
    RequestValidators.kobjectCreate(item, "", Set.of("customerRef"));
    ObjectNode body = (ObjectNode) item.deepCopy();
    JsonNode ref = body.remove("customerRef");
    String customerId = Operations.customerIdOf(body);
    if (ref != null) {
      FieldChecks.object(ref, "/customerRef");
      if (ref.size() != 1 || !REF_KINDS.contains(ref.fieldNames().next())) {
        throw ApiException.badRequest(
            "customerRef names the customer by one of " + REF_KINDS, "/customerRef");
      }
      String kind = ref.fieldNames().next();
      customerId = state.customerBy(kind, ref.get(kind).asText()).id;
    }
    return state.createKObject(klass, customerId, body, now).id;
  }

  /** Runs one step; a refusal becomes a 4xx naming the document that was refused. */
  private static String refusedAt(String at, Supplier<String> step) {
    try {
      return step.get();
    } catch (ApiException e) {
      JsonNode error = e.body().path("errors").path(0);
      String why =
          error.hasNonNull("message")
              ? error.get("message").asText()
              : error.path("detail").asText();
      ObjectNode refused =
          Json.object()
              .put("code", "seed_refused")
              .put("message", "seed stopped at " + at + ": " + why);
      refused.putObject("meta").put("pointer", at).put("status", e.status()).set("error", error);
      throw new ApiException(e.status(), ApiException.wrap(refused), Map.of());
    }
  }
}
