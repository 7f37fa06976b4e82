package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * The writes of the API with the per-object limits and injected permanent errors applied: the one
 * path both single requests and bulk items take, so a bulk item fails exactly as the same single
 * call would.
 */
final class Operations {
  private final OrgState state;
  private final KeyedRateLimiter customerCreates;
  private final KeyedRateLimiter objectUpdates;
  private final FaultInjector faults;
  private volatile boolean kobjectPutReplaces;

  Operations(
      OrgState state,
      KeyedRateLimiter customerCreates,
      KeyedRateLimiter objectUpdates,
      FaultInjector faults) {
    this.state = state;
    this.customerCreates = customerCreates;
    this.objectUpdates = objectUpdates;
    this.faults = faults;
  }

  /**
   * Whether a KObject PUT (single or bulk) replaces {@code custom} and {@code data} wholesale
   * rather than merging {@code custom} per attribute; Kustomer does not document which it does.
   */
  void setKObjectPutReplaces(boolean replaces) {
    this.kobjectPutReplaces = replaces;
  }

  boolean kobjectPutReplaces() {
    return kobjectPutReplaces;
  }

  OrgState state() {
    return state;
  }

  StoredCustomer createCustomer(ObjectNode body, Instant now) {
    rejectIfFaulted(body.path("externalId").asText(null));
    return state.createCustomer(body, now);
  }

  StoredCustomer updateCustomer(String id, ObjectNode body, boolean replace, Instant now) {
    rejectIfFaulted(body.path("externalId").asText(null));
    state.customer(id);
    throttleObjectUpdate("customer:" + id, now);
    return state.updateCustomer(id, body, replace, now);
  }

  StoredKObject createKObject(String klass, String customerId, ObjectNode body, Instant now) {
    rejectIfFaulted(body.path("externalId").asText(null));
    state.klass(klass);
    // Kustomer's 120 creates per customer per minute; objects carrying importedAt are exempt
    // (backfills).
    if (customerId != null && !body.hasNonNull("importedAt")) {
      state.customer(customerId);
      if (!customerCreates.tryAcquire(customerId, now.toEpochMilli())) {
        throw objectLimit(
            "more than the allowed KObject creates per minute for customer " + customerId);
      }
    }
    return state.createKObject(klass, customerId, body, now);
  }

  StoredKObject updateKObject(String klass, String id, ObjectNode body, Instant now) {
    StoredKObject current = state.kobject(klass, id);
    rejectIfFaulted(current.externalId());
    rejectIfFaulted(body.path("externalId").asText(null));
    throttleObjectUpdate("kobject:" + id, now);
    return state.updateKObject(klass, id, body, kobjectPutReplaces, now);
  }

  private void throttleObjectUpdate(String key, Instant now) {
    if (!objectUpdates.tryAcquire(key, now.toEpochMilli())) {
      throw objectLimit("too many updates to this object per minute");
    }
  }

  private void rejectIfFaulted(String externalId) {
    if (faults.rejects(externalId)) {
      ObjectNode error =
          Json.object()
              .put("code", "bad_request")
              .put("message", "Invalid request body or parameters.");
      error.putObject("meta").put("reason", "rejected by the emulator's fault spec");
      throw new ApiException(400, ApiException.wrap(error), Map.of());
    }
  }

  /**
   * A 429 for one customer or object; the org budget headers still show room, which tells it apart.
   */
  private static ApiException objectLimit(String detail) {
    return new ApiException(
        429,
        ApiException.wrap(
            ApiException.jsonApiError(429, "object_rate_limited", "Too Many Requests", detail)),
        Map.of());
  }

  static String customerIdOf(JsonNode body) {
    return body.hasNonNull("customer") ? body.get("customer").asText() : null;
  }
}
