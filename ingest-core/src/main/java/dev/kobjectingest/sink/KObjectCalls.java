package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.kustomer.ApiPath;
import dev.kobjectingest.kustomer.KustomerErrors;
import dev.kobjectingest.kustomer.KustomerResponse;
import dev.kobjectingest.kustomer.Outcome;
import java.util.Set;

/**
 * The single calls that upsert one KObject by externalId (Kustomer has none: docs/kustomer-api.md
 * 3): find, create under the customer, update by id (an object deleted in Kustomer since is created
 * again), each bootstrapping a missing klass once. Shared by the nested and the Rel writers.
 */
final class KObjectCalls {
  private final KustomerApi api;
  private final KlassBootstrap klasses;
  // Ids found or created by single calls; bounded, since the history of objects is not (the sink
  // ids table keeps what the sink wrote durably).
  private final BoundedCache<String, String> ids;

  KObjectCalls(KustomerApi api, KlassBootstrap klasses, int cacheEntries) {
    this.api = api;
    this.klasses = klasses;
    this.ids = new BoundedCache<>(cacheEntries);
  }

  BoundedCache<String, String> cache() {
    return ids;
  }

  /** A write that may meet a missing klass. */
  interface Write {
    String run() throws CallFailure, InterruptedException;
  }

  /** Runs a write; when the klass is missing, bootstraps it (or throws) and runs it once more. */
  String withKlass(String klass, Write write) throws CallFailure, InterruptedException {
    try {
      return write.run();
    } catch (CallFailure f) {
      if (!f.klassMissing()) {
        throw f;
      }
      klasses.missing(klass, f);
      return write.run();
    }
  }

  /** The id of the object with {@code externalId}, or null. */
  String find(String klass, String externalId) throws CallFailure, InterruptedException {
    String key = cacheKey(klass, externalId);
    String cached = ids.get(key);
    if (cached != null) {
      return cached;
    }
    ApiPath path = ApiPath.kobjectByExternalId(klass, externalId);
    KustomerResponse r = api.call("GET", path, null, Set.of(404));
    if (r.status() == 404 && KustomerErrors.klassMissing(r.errorCode())) {
      // Created now (or refused, which throws); asked once more, and a second miss is an ordinary
      // 404.
      klasses.missing(klass, CallFailure.answered(Outcome.PERMANENT, "GET " + path.template(), r));
      r = api.call("GET", path, null, Set.of(404));
    }
    if (r.status() == 404) {
      return null;
    }
    ids.put(key, r.id());
    return r.id();
  }

  String create(String klass, String customerId, String externalId, ObjectNode body)
      throws CallFailure, InterruptedException {
    KustomerResponse r =
        api.call("POST", ApiPath.customerKObjects(customerId, klass), body, Set.of());
    ids.put(cacheKey(klass, externalId), r.id());
    return r.id();
  }

  /** PUTs by id; returns the id in effect afterwards (a new one when the object was re-created). */
  String update(String klass, String id, String externalId, ObjectNode body, String customerId)
      throws CallFailure, InterruptedException {
    KustomerResponse r = api.call("PUT", ApiPath.kobject(klass, id), body, Set.of(404));
    if (r.status() == 404) {
      // Deleted in Kustomer since we learned its id: forget it and create it again.
      ids.remove(cacheKey(klass, externalId));
      return create(klass, customerId, externalId, body);
    }
    return id;
  }

  private static String cacheKey(String klass, String externalId) {
    return klass + '\u0000' + externalId;
  }
}
