package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.kustomer.ApiPath;
import java.util.Set;

/**
 * Keeps the attributes the rules own current on a customer. The update is merged into what the
 * customer has ({@code PATCH}: "updates the given attributes"; in bulk, {@code PUT
 * /v1/customers/bulk} items, which update the same way), so attributes the rules do not own stay as
 * they are, and it never holds identities. An update equal to the last one written to the customer
 * is not sent: its digest is in the sink's id table.
 */
final class CustomerUpdates {
  private final KustomerApi api;
  private final SinkIds store;
  private final BulkWriter bulk;

  /**
   * @param bulk the bulk update writer, or null when bulk is off
   */
  CustomerUpdates(KustomerApi api, SinkIds store, BulkWriter bulk) {
    this.api = api;
    this.store = store;
    this.bulk = bulk;
  }

  /**
   * Writes {@code update} to the customer unless it was the last written. {@code gathered}: through
   * the bulk writer, which sends the updates that come together within its linger in one bulk
   * request and one or two alone; else alone now.
   */
  void apply(String customerId, ObjectNode update, boolean gathered)
      throws CallFailure, InterruptedException {
    String digest = Digests.of(update);
    if (digest.equals(store.customerUpdate(customerId))) {
      return;
    }
    if (gathered && bulk != null) {
      ObjectNode item = update.deepCopy();
      item.put("id", customerId);
      bulk.write(item);
    } else {
      api.call("PATCH", ApiPath.customer(customerId), update, Set.of());
    }
    store.customerUpdate(customerId, digest);
  }
}
