package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.kustomer.ApiPath;
import dev.kobjectingest.kustomer.KustomerErrors;
import dev.kobjectingest.kustomer.KustomerResponse;
import dev.kobjectingest.kustomer.Outcome;
import dev.kobjectingest.mapping.WriteModel;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
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

  /** How orders are written: bulk on or off, its threshold and writers by klass. */
  record Bulk(
      boolean enabled,
      int minBacklog,
      boolean importedAt,
      Function<String, BulkWriter> creates,
      Function<String, BulkWriter> updates) {
    static Bulk off() {
      return new Bulk(false, Integer.MAX_VALUE, false, k -> null, k -> null);
    }
  }

  private final KustomerApi api;
  private final KlassBootstrap klasses;
  private final SinkIds store;
  private final boolean owned;
  private final Bulk bulk;
  private final Clock clock;
  private final Map<String, String> ids = new ConcurrentHashMap<>();
  private volatile IntSupplier backlog = () -> 0;

  OrderHandler(
      KustomerApi api,
      KlassBootstrap klasses,
      SinkIds store,
      boolean owned,
      Bulk bulk,
      Clock clock) {
    this.api = api;
    this.klasses = klasses;
    this.store = store;
    this.owned = owned;
    this.bulk = bulk;
    this.clock = clock;
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
    if (WriteModel.parse(c.model()) == WriteModel.REL) {
      store.orderWritten(c.klass(), c.orderId(), applyRel(c), c.changes());
      return;
    }
    String klass = c.klass();
    String id = mark != null && !mark.pending() ? mark.id() : null;
    boolean mayExist =
        !owned
            || (mark != null && mark.pending())
            || (previous != null && !previous.certainlyUnwritten());
    if (id == null && mayExist) {
      id = find(klass, c.orderId());
    }
    // Bulk only on a first attempt: a retried record gets the single call's definite answer.
    boolean inBulk = bulk.enabled() && previous == null && backlog.getAsInt() >= bulk.minBacklog();
    if (id != null) {
      id = inBulk ? updateInBulk(c, id) : update(klass, id, c.orderId(), c.order(), c.customerId());
    } else {
      store.orderPending(klass, c.orderId(), mark == null ? 0 : mark.changes());
      id = inBulk ? createInBulk(c) : withKlass(klass, () -> create(klass, c));
    }
    store.orderWritten(klass, c.orderId(), id, c.changes());
  }

  private String updateInBulk(OrderCommand c, String id) throws CallFailure, InterruptedException {
    ObjectNode item = c.order().deepCopy();
    item.put("id", id);
    withKlass(c.klass(), () -> bulk.updates().apply(c.klass()).write(item));
    return id;
  }

  private String createInBulk(OrderCommand c) throws CallFailure, InterruptedException {
    ObjectNode item = c.order().deepCopy();
    item.put("customer", c.customerId());
    if (bulk.importedAt()) {
      item.put("importedAt", clock.instant().toString());
    }
    return withKlass(c.klass(), () -> bulk.creates().apply(c.klass()).write(item));
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
      if (!f.klassMissing()) {
        throw f;
      }
      klasses.missing(klass, f);
      return write.run();
    }
  }

  private String applyRel(OrderCommand c) throws CallFailure, InterruptedException {
    String itemsRel = c.relationships().get(0);
    String orderRel = c.relationships().get(1);
    String orderId = find(c.klass(), c.orderId());
    boolean created = orderId == null;
    if (created) {
      orderId = create(c.klass(), c);
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
    KustomerResponse r = api.call("PUT", ApiPath.kobject(klass, id), body, Set.of(404));
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

  private String create(String klass, OrderCommand c) throws CallFailure, InterruptedException {
    return create(klass, c.customerId(), c.orderId(), c.order());
  }

  private String create(String klass, String customerId, String externalId, ObjectNode body)
      throws CallFailure, InterruptedException {
    KustomerResponse r =
        api.call("POST", ApiPath.customerKObjects(customerId, klass), body, Set.of());
    ids.put(cacheKey(klass, externalId), r.id());
    return r.id();
  }

  private static String cacheKey(String klass, String externalId) {
    return klass + '\u0000' + externalId;
  }
}
