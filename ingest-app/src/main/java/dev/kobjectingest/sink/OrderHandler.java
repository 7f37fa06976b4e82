package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.kustomer.KustomerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Upserts an order's KObject (and its items in the Rel model) by externalId. Kustomer has no
 * upsert, so: the id from the sink's id store or cache, else (when the klass is not owned, or an
 * earlier attempt may have created it) a lookup, then PUT by id or POST under the customer. When
 * the klass is owned, an order the store has never seen is new and is created without a lookup,
 * after a pending mark: a create interrupted by a crash or a lost answer is looked up next time,
 * never repeated blindly. With a backlog (nested model), creates and updates go in bulk requests.
 * Commands not newer than the change count the store holds for the order are skipped.
 */
final class OrderHandler {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** How orders are written: bulk on or off, its threshold and writers. */
  record Bulk(
      boolean enabled,
      int minBacklog,
      boolean importedAt,
      java.util.function.Function<String, BulkWriter> creates,
      java.util.function.Function<String, BulkWriter> updates) {
    static Bulk off() {
      return new Bulk(false, Integer.MAX_VALUE, false, k -> null, k -> null);
    }
  }

  private final KustomerGateway api;
  private final KlassBootstrap klasses;
  private final SinkIds store;
  private final boolean owned;
  private final Bulk bulk;
  private final Map<String, String> ids = new ConcurrentHashMap<>();
  private volatile IntSupplier backlog = () -> 0;

  OrderHandler(
      KustomerGateway api, KlassBootstrap klasses, SinkIds store, boolean owned, Bulk bulk) {
    this.api = api;
    this.klasses = klasses;
    this.store = store;
    this.owned = owned;
    this.bulk = bulk;
  }

  void backlog(IntSupplier backlog) {
    this.backlog = backlog;
  }

  void catchUp() {
    store.catchUp();
  }

  /**
   * Applies the command; {@code previous} is the failure of the last attempt (null on the first).
   */
  void apply(OrderCommand c, CallFailure previous) throws CallFailure, InterruptedException {
    SinkIds.OrderMark mark = store.order(c.klass(), c.orderId());
    if (mark != null && c.changes() <= mark.changes()) {
      return; // an older state than the one applied: a redelivery or a late replay
    }
    long appliedBefore = mark == null ? 0 : mark.changes();
    if ("rel".equals(c.model())) {
      String orderId = applyRel(c);
      store.orderWritten(c.klass(), c.orderId(), orderId, c.changes());
      return;
    }
    String klass = c.klass();
    String id = mark != null && !mark.pending() ? mark.id() : null;
    boolean mayExist =
        !owned
            || (mark != null && mark.pending())
            || (previous != null && !BulkWriter.unwritten(previous));
    if (id == null && mayExist) {
      id = find(klass, c.orderId());
    }
    // Bulk only on a first attempt: a retried record gets the single call's definite answer.
    boolean inBulk = bulk.enabled() && previous == null && backlog.getAsInt() >= bulk.minBacklog();
    if (id != null) {
      if (inBulk) {
        ObjectNode item = c.order().deepCopy();
        item.put("id", id);
        withKlass(klass, () -> bulk.updates().apply(klass).write(item));
      } else {
        id = update(klass, id, c.orderId(), c.order(), c.customerId());
      }
    } else {
      store.orderPending(klass, c.orderId(), appliedBefore);
      if (inBulk) {
        ObjectNode item = c.order().deepCopy();
        item.put("customer", c.customerId());
        if (bulk.importedAt()) {
          item.put("importedAt", java.time.Instant.now().toString());
        }
        id = withKlass(klass, () -> bulk.creates().apply(klass).write(item));
      } else {
        id = withKlass(klass, () -> create(klass, c.customerId(), c.orderId(), c.order()));
      }
    }
    store.orderWritten(klass, c.orderId(), id, c.changes());
  }

  private interface Write {
    String run() throws CallFailure, InterruptedException;
  }

  /**
   * Runs a write; when Kustomer says the klass is missing, bootstraps it (or throws) and retries.
   */
  private String withKlass(String klass, Write write) throws CallFailure, InterruptedException {
    try {
      return write.run();
    } catch (CallFailure f) {
      if (!"klass_not_found".equals(f.errorCode())) {
        throw f;
      }
      klasses.missing(klass);
      return write.run();
    }
  }

  private String applyRel(OrderCommand c) throws CallFailure, InterruptedException {
    String itemsRel = c.relationships().get(0);
    String orderRel = c.relationships().get(1);
    String orderId = find(c.klass(), c.orderId());
    boolean created = orderId == null;
    if (created) {
      orderId = create(c.klass(), c.customerId(), c.orderId(), c.order());
    }
    ArrayNode itemIds = NODES.arrayNode();
    for (ObjectNode item : c.items()) {
      ObjectNode body = item.deepCopy();
      ((ObjectNode) body.path("custom")).put(orderRel, orderId);
      itemIds.add(upsert(c.itemKlass(), c.customerId(), item.path("externalId").asText(), body));
    }
    // Kustomer overwrites a multi relationship, never appends: the complete list goes every time.
    ObjectNode order;
    if (created) {
      order = NODES.objectNode();
      order.putObject("custom").set(itemsRel, itemIds);
    } else {
      order = c.order().deepCopy();
      ((ObjectNode) order.path("custom")).set(itemsRel, itemIds);
    }
    return update(c.klass(), orderId, c.orderId(), order, c.customerId());
  }

  /** PUT when the object exists, POST when not; returns its id. */
  private String upsert(String klass, String customerId, String externalId, ObjectNode body)
      throws CallFailure, InterruptedException {
    String id = find(klass, externalId);
    if (id == null) {
      return create(klass, customerId, externalId, body);
    }
    return update(klass, id, externalId, body, customerId);
  }

  /** PUTs by id; returns the id in effect afterwards (a new one when the object was re-created). */
  private String update(
      String klass, String id, String externalId, ObjectNode body, String customerId)
      throws CallFailure, InterruptedException {
    KustomerResponse r =
        api.call(
            "PUT",
            "/v1/klasses/" + klass + "/" + id,
            body,
            "/v1/klasses/" + klass + "/{id}",
            Set.of(404));
    if (r.status() == 404) {
      // Deleted in Kustomer since we cached its id: forget it and create it again.
      ids.remove(cacheKey(klass, externalId));
      return create(klass, customerId, externalId, body);
    }
    return id;
  }

  private String find(String klass, String externalId) throws CallFailure, InterruptedException {
    String key = cacheKey(klass, externalId);
    String cached = ids.get(key);
    if (cached != null) {
      return cached;
    }
    String ext = URLEncoder.encode(externalId, StandardCharsets.UTF_8).replace("+", "%20");
    String path = "/v1/klasses/" + klass + "/externalId=" + ext;
    String template = "/v1/klasses/" + klass + "/externalId=";
    KustomerResponse r = api.call("GET", path, null, template, Set.of(404));
    if (r.status() == 404 && "klass_not_found".equals(r.errorCode())) {
      // Created now (or refused, which throws); asked once more, and a second miss is an ordinary
      // 404.
      klasses.missing(klass);
      r = api.call("GET", path, null, template, Set.of(404));
    }
    if (r.status() == 404) {
      return null;
    }
    ids.put(key, r.id());
    return r.id();
  }

  private String create(String klass, String customerId, String externalId, ObjectNode body)
      throws CallFailure, InterruptedException {
    KustomerResponse r =
        api.call(
            "POST",
            "/v1/customers/" + customerId + "/klasses/" + klass,
            body,
            "/v1/customers/{id}/klasses/" + klass,
            Set.of());
    ids.put(cacheKey(klass, externalId), r.id());
    return r.id();
  }

  private static String cacheKey(String klass, String externalId) {
    return klass + '\u0000' + externalId;
  }
}
