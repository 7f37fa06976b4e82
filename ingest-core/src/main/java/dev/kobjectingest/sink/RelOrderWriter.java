package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.command.OrderCommand;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Writes one order of the Rel model: the order object, its item objects (each pointing to the order
 * through the item-side relationship) and the order's complete item list (Kustomer overwrites a
 * multi relationship: docs/kustomer-api.md 4). Every write carries the object's whole {@code
 * custom} and {@code data}, so the result is the same whether Kustomer merges or replaces on PUT.
 *
 * <p>Item ids live in the sink's id store like order ids (no lookup after a restart or a rebalance;
 * none for a new item of an owned klass, after a pending mark); an item whose body did not change
 * since it was written is not written again. With a backlog, the creates and updates go in bulk
 * requests: an order of three new items costs three bulk items and two order items (its create,
 * then its item list), a few hundredths of a request.
 */
final class RelOrderWriter {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final KObjectCalls calls;
  private final SinkIds store;
  private final boolean owned;
  private final OrderHandler.Bulk bulk;
  private final Clock clock;

  RelOrderWriter(
      KObjectCalls calls, SinkIds store, boolean owned, OrderHandler.Bulk bulk, Clock clock) {
    this.calls = calls;
    this.store = store;
    this.owned = owned;
    this.bulk = bulk;
    this.clock = clock;
  }

  /** Writes the order, its items and its item list; returns the order's id. */
  String apply(OrderCommand c, SinkIds.OrderMark mark, CallFailure previous, boolean inBulk)
      throws CallFailure, InterruptedException {
    boolean mayExist =
        !owned
            || (mark != null && mark.pending())
            || (previous != null && !previous.certainlyUnwritten());
    String orderId = mark != null && !mark.pending() ? mark.id() : null;
    boolean itemsMayExist = mayExist;
    if (orderId == null && mayExist) {
      orderId = calls.find(c.klass(), c.orderId());
      // This pipeline creates items only with their order's id: no order, none of its items to
      // look up, unless others write the klasses too.
      itemsMayExist = orderId != null || !owned;
    }
    if (orderId == null) {
      store.orderPending(c.klass(), c.orderId(), mark == null ? 0 : mark.changes());
      orderId = write(c.klass(), null, c.orderId(), c.order(), c, inBulk);
      // Learned at once: a failure below must not create the order again.
      store.orderWritten(c.klass(), c.orderId(), orderId, mark == null ? 0 : mark.changes());
    }
    ArrayNode itemIds = items(c, orderId, itemsMayExist, inBulk);
    ObjectNode whole = c.order().deepCopy();
    whole.withObject("custom").set(c.relationships().get(0), itemIds);
    return write(c.klass(), orderId, c.orderId(), whole, c, inBulk);
  }

  /** Writes the items that are new or changed, all at once in bulk; returns every item's id. */
  private ArrayNode items(OrderCommand c, String orderId, boolean mayExist, boolean inBulk)
      throws CallFailure, InterruptedException {
    String klass = c.itemKlass();
    List<CompletableFuture<String>> ids = new ArrayList<>();
    List<String> exts = new ArrayList<>();
    List<String> digests = new ArrayList<>();
    for (ObjectNode item : c.items()) {
      String ext = item.path("externalId").asText();
      ObjectNode body = item.deepCopy();
      body.withObject("custom").put(c.relationships().get(1), orderId);
      String digest = Digests.of(body);
      SinkIds.ItemMark mark = store.item(klass, ext);
      String id = mark != null && !mark.pending() ? mark.id() : null;
      exts.add(ext);
      if (id != null && digest.equals(mark.digest())) {
        ids.add(CompletableFuture.completedFuture(id)); // written as it is
        digests.add(null);
        continue;
      }
      if (id == null && (mayExist || (mark != null && mark.pending()))) {
        id = calls.find(klass, ext);
      }
      if (id == null) {
        store.itemPending(klass, ext);
      }
      ids.add(submit(klass, id, ext, body, c, inBulk));
      digests.add(digest);
    }
    // Every item written is remembered, even when another failed: a retry must not create it again.
    ArrayNode out = NODES.arrayNode();
    CallFailure failed = null;
    for (int i = 0; i < ids.size(); i++) {
      try {
        String id = await(ids.get(i));
        out.add(id);
        if (digests.get(i) != null) {
          store.itemWritten(klass, exts.get(i), id, digests.get(i));
        }
      } catch (CallFailure f) {
        failed = failed == null ? f : failed;
      }
    }
    if (failed != null) {
      throw failed;
    }
    return out;
  }

  /** One object's create ({@code id} null) or whole update, in bulk or as a single call. */
  private String write(
      String klass, String id, String ext, ObjectNode body, OrderCommand c, boolean inBulk)
      throws CallFailure, InterruptedException {
    return await(submit(klass, id, ext, body, c, inBulk));
  }

  private CompletableFuture<String> submit(
      String klass, String id, String ext, ObjectNode body, OrderCommand c, boolean inBulk)
      throws CallFailure, InterruptedException {
    if (!inBulk) {
      String written =
          id == null
              ? calls.withKlass(klass, () -> calls.create(klass, c.customerId(), ext, body))
              : calls.update(klass, id, ext, body, c.customerId());
      return CompletableFuture.completedFuture(written);
    }
    ObjectNode item = body.deepCopy();
    if (id == null) {
      item.put("customer", c.customerId());
      if (bulk.importedAt()) {
        item.put("importedAt", clock.instant().toString());
      }
      return bulk.creates().apply(klass).submit(item);
    }
    item.put("id", id);
    return bulk.updates().apply(klass).submit(item).thenApply(written -> id);
  }

  private static String await(CompletableFuture<String> f)
      throws CallFailure, InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CallFailure failure) {
        throw failure;
      }
      throw new IllegalStateException("a bulk write failed", e.getCause());
    }
  }
}
