package dev.kobjectingest.sink;

import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.kustomer.ApiPath;
import dev.kobjectingest.kustomer.KustomerResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Finds or creates the customer of one identity: its id from the customer-ids table (what this
 * pipeline learned before, on any instance), else the lookups in order (externalId, email, phone;
 * 404 is "absent"), else a create. A 409 on create means the customer appeared meanwhile (another
 * client); the lookups run again and find it. Only this handler creates customers, and commands are
 * keyed by identity, so two creates for one identity never race inside the pipeline.
 *
 * <p>With {@code createFirst}, an identity never seen before is created without lookups, and
 * Kustomer's uniqueness of emails, phones and externalIds turns an existing customer into a 409 (or
 * a bulk item's "duplicate" error), after which the lookups find it: one request for a new customer
 * instead of up to four. A pending mark written before such a create makes a retry or a restart
 * look up first. With a backlog, creates go in bulk.
 */
final class CustomerHandler {
  /** How customers are created in bulk. */
  record Bulk(boolean enabled, int minBacklog, BulkWriter writer) {
    static Bulk off() {
      return new Bulk(false, Integer.MAX_VALUE, null);
    }
  }

  private final KustomerApi api;
  private final IdTable customerIds;
  private final SinkIds store;
  private final Bulk bulk;
  private final boolean createFirst;
  private final Map<String, String> ids = new ConcurrentHashMap<>();
  private volatile IntSupplier backlog = () -> 0;

  CustomerHandler(
      KustomerApi api, IdTable customerIds, SinkIds store, Bulk bulk, boolean createFirst) {
    this.createFirst = createFirst;
    this.api = api;
    this.customerIds = customerIds;
    this.store = store;
    this.bulk = bulk;
  }

  void backlog(IntSupplier backlog) {
    this.backlog = backlog;
  }

  void catchUp() {
    customerIds.catchUp();
    store.catchUp();
  }

  /** The customer id of the command's identity; {@code previous}: the last attempt's failure. */
  String resolve(CustomerCommand c, CallFailure previous) throws CallFailure, InterruptedException {
    String known = customerIds.get(c.identityKey());
    if (known != null) {
      return known;
    }
    boolean inBulk = bulk.enabled() && previous == null && backlog.getAsInt() >= bulk.minBacklog();
    boolean lookFirst = !createFirst || previous != null || store.customerPending(c.identityKey());
    String id = lookFirst ? lookup(c) : null;
    if (id == null) {
      store.customerPending(c.identityKey(), true);
    }
    if (id == null && inBulk) {
      id = bulk.writer().write(c.customer());
    } else if (id == null) {
      try {
        id = api.call("POST", ApiPath.customers(), c.customer(), Set.of()).id();
      } catch (CallFailure f) {
        if (!f.duplicate()) {
          throw f;
        }
        id = lookup(c);
        if (id == null) {
          throw f;
        }
      }
    }
    return id;
  }

  /** Publishes the identity's id durably: the topology's join and every instance read it. */
  void learned(String identityKey, String customerId) throws InterruptedException {
    customerIds.put(identityKey, customerId);
  }

  private String lookup(CustomerCommand c) throws CallFailure, InterruptedException {
    for (String lookup : c.lookups()) {
      String cached = ids.get(lookup);
      if (cached != null) {
        return cached;
      }
      int colon = lookup.indexOf(':');
      ApiPath path = ApiPath.customerBy(lookup.substring(0, colon), lookup.substring(colon + 1));
      KustomerResponse r = api.call("GET", path, null, Set.of(404));
      if (r.status() == 200 && r.id() != null) {
        ids.put(lookup, r.id());
        return r.id();
      }
    }
    return null;
  }
}
