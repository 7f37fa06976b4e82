package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.mapping.WriteModel;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * Upserts an order's KObject (and its items in the Rel model) by externalId. Kustomer has no
 * upsert, so: the id from the sink's id store or cache, else (when the klass is not owned, or an
 * earlier attempt may have created it) a lookup, then PUT by id or POST under the customer. When
 * the klass is owned, an order the store has never seen is new and is created without a lookup,
 * after a pending mark: a create interrupted by a crash or a lost answer is looked up next time,
 * never repeated blindly. With a backlog, creates and updates go in bulk requests. The Rel model's
 * order, items and item list are written by {@link RelOrderWriter}. Commands not newer than the
 * change count the store holds for the order are skipped.
 */
final class OrderHandler {

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

  private final KObjectCalls calls;
  private final SinkIds store;
  private final boolean owned;
  private final Bulk bulk;
  private final Clock clock;
  private final RelOrderWriter rel;
  private volatile IntSupplier backlog = () -> 0;

  OrderHandler(
      KustomerApi api,
      KlassBootstrap klasses,
      SinkIds store,
      boolean owned,
      Bulk bulk,
      Clock clock,
      int lookupCacheEntries) {
    this.calls = new KObjectCalls(api, klasses, lookupCacheEntries);
    this.store = store;
    this.owned = owned;
    this.bulk = bulk;
    this.clock = clock;
    this.rel = new RelOrderWriter(calls, store, owned, bulk, clock);
  }

  /** The KObject ids found by lookups, for the metrics. */
  BoundedCache<String, String> lookupCache() {
    return calls.cache();
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
    boolean inBulk =
        bulk.enabled()
            && CallFailure.bulkAllowed(previous)
            && backlog.getAsInt() >= bulk.minBacklog();
    if (WriteModel.parse(c.model()) == WriteModel.REL) {
      store.orderWritten(c.klass(), c.orderId(), rel.apply(c, mark, previous, inBulk), c.changes());
      return;
    }
    String klass = c.klass();
    String id = mark != null && !mark.pending() ? mark.id() : null;
    boolean mayExist =
        !owned
            || (mark != null && mark.pending())
            || (previous != null && !previous.certainlyUnwritten());
    if (id == null && mayExist) {
      id = calls.find(klass, c.orderId());
    }
    if (id != null) {
      id =
          inBulk
              ? updateInBulk(c, id)
              : calls.update(klass, id, c.orderId(), c.order(), c.customerId());
    } else {
      store.orderPending(klass, c.orderId(), mark == null ? 0 : mark.changes());
      id =
          inBulk
              ? createInBulk(c)
              : calls.withKlass(
                  klass, () -> calls.create(klass, c.customerId(), c.orderId(), c.order()));
    }
    store.orderWritten(klass, c.orderId(), id, c.changes());
  }

  private String updateInBulk(OrderCommand c, String id) throws CallFailure, InterruptedException {
    ObjectNode item = c.order().deepCopy();
    item.put("id", id);
    calls.withKlass(c.klass(), () -> bulk.updates().apply(c.klass()).write(item));
    return id;
  }

  private String createInBulk(OrderCommand c) throws CallFailure, InterruptedException {
    ObjectNode item = c.order().deepCopy();
    item.put("customer", c.customerId());
    if (bulk.importedAt()) {
      item.put("importedAt", clock.instant().toString());
    }
    return calls.withKlass(c.klass(), () -> bulk.creates().apply(c.klass()).write(item));
  }
}
