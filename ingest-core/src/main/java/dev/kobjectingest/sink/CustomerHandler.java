package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.command.CustomerIds;
import dev.kobjectingest.kustomer.ApiPath;
import dev.kobjectingest.kustomer.KustomerResponse;
import java.util.Set;
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
 *
 * <p>Never two people on one customer: a customer found by a weaker key of the identity is taken
 * only when it is the same person ({@link SamePerson}), judged with the identities taken for it
 * before ({@link CustomerClaims}), and a weaker contact point that another person's customer holds
 * goes on the new customer in its shared form.
 */
final class CustomerHandler {
  /**
   * How customers are found and created in bulk: creates in bulk requests, and identities resolved
   * by batched searches ({@code search} null: single lookups only).
   */
  record Bulk(
      boolean enabled,
      int minBacklog,
      BulkWriter writer,
      BulkWriter searches,
      CustomerSearch search) {
    static Bulk off() {
      return new Bulk(false, Integer.MAX_VALUE, null, null, null);
    }
  }

  private final KustomerApi api;
  private final IdTable customerIds;
  private final SinkIds store;
  private final Bulk bulk;
  private final boolean createFirst;
  private final CustomerUpdates updates;
  private final CustomerClaims claims;
  // Customers found by their strongest key, so a backlog's repeat customers are not looked up
  // again; bounded, since the history of customers is not.
  private final BoundedCache<String, String> ids;
  private volatile IntSupplier backlog = () -> 0;

  CustomerHandler(
      KustomerApi api,
      IdTable customerIds,
      SinkIds store,
      Bulk bulk,
      boolean createFirst,
      int lookupCacheEntries,
      CustomerUpdates updates,
      CustomerClaims claims) {
    this.updates = updates;
    this.claims = claims;
    this.createFirst = createFirst;
    this.ids = new BoundedCache<>(lookupCacheEntries);
    this.api = api;
    this.customerIds = customerIds;
    this.store = store;
    this.bulk = bulk;
  }

  /** The customers found by lookups, for the metrics. */
  BoundedCache<String, String> lookupCache() {
    return ids;
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
    String known = CustomerIds.idOf(customerIds.get(c.identityKey()));
    if (known != null) {
      return known;
    }
    boolean backlogged = bulk.enabled() && backlog.getAsInt() >= bulk.minBacklog();
    if (bulk.searches() != null && (backlogged || (previous != null && previous.duplicate()))) {
      return resolveBySearch(c, backlogged);
    }
    boolean inBulk = backlogged && CallFailure.bulkAllowed(previous);
    boolean lookFirst = !createFirst || previous != null || store.customerPending(c.identityKey());
    String id = lookFirst ? lookup(c) : null;
    if (id == null) {
      store.customerPending(c.identityKey(), true);
    }
    if (id == null && inBulk) {
      id = bulk.writer().write(c.customer());
    } else if (id == null) {
      try {
        id = create(c.customer());
      } catch (CallFailure f) {
        if (!f.duplicate()) {
          throw f;
        }
        id = lookup(c);
        if (id == null) {
          // Taken by someone else's customer: a weaker key of ours (a shared phone). Never theirs.
          id = create(withOthersContactPointsShared(c));
        }
      }
    }
    return id;
  }

  /**
   * With a backlog, or after a create refused as a duplicate: the identity goes into the next
   * batched search (one request for hundreds of identities, never a lookup each); found, it is
   * taken; not found, it is created (in bulk with a backlog), its weaker contact points that
   * another person holds shared. A create refused as a duplicate meanwhile comes back here on the
   * record's next attempt.
   */
  private String resolveBySearch(CustomerCommand c, boolean backlogged)
      throws CallFailure, InterruptedException {
    String id = bulk.searches().write(CustomerSearch.item(c.lookups()));
    if (id != null) {
      return id;
    }
    ObjectNode body = shared(c, bulk.search().heldByOthers(c.lookups()));
    store.customerPending(c.identityKey(), true);
    if (backlogged) {
      return bulk.writer().write(body);
    }
    try {
      return create(body);
    } catch (CallFailure f) {
      if (!f.duplicate()) {
        throw f;
      }
      // Created meanwhile (another client): the next search finds it.
      id = bulk.searches().write(CustomerSearch.item(c.lookups()));
      if (id == null) {
        throw f;
      }
      return id;
    }
  }

  /**
   * Gives up an identity whose command was dead-lettered: a failure mark on customer-ids, so its
   * orders are dead-lettered too instead of waiting in silence. A known id is never overwritten.
   */
  void failed(String identityKey, String reason, long at) throws InterruptedException {
    if (CustomerIds.idOf(customerIds.get(identityKey)) == null) {
      customerIds.put(identityKey, CustomerIds.failed(reason, at));
    }
  }

  /** The customer id learned for an identity, or null (unknown, or given up). */
  String idOf(String identityKey) {
    return CustomerIds.idOf(customerIds.get(identityKey));
  }

  /**
   * Publishes the identity's id durably: the topology's join and every instance read it. An id
   * already published is not written again (a known customer's commands keep its profile current).
   */
  void learned(String identityKey, String customerId) throws InterruptedException {
    if (!customerId.equals(customerIds.get(identityKey))) {
      customerIds.put(identityKey, customerId);
    }
  }

  /**
   * Keeps the attributes the rules own current on the known customer of an update command: sent
   * unless they were the last sent.
   */
  void keepCurrent(CustomerCommand c, String id, CallFailure previous)
      throws CallFailure, InterruptedException {
    if (c.update() != null && !c.update().isEmpty()) {
      // Gathered whatever the backlog: an update is off the orders' path (they wait only for the
      // id, published before), so the linger costs no order latency, and updates that come
      // together share a request. After an item's own failure, alone: it ends as a single call's
      // would.
      updates.apply(id, c.update(), CallFailure.bulkAllowed(previous) && bulk.enabled());
    }
  }

  private String create(ObjectNode body) throws CallFailure, InterruptedException {
    return api.call("POST", ApiPath.customers(), body, Set.of()).id();
  }

  /**
   * The command's customer with each weaker contact point that another person's customer holds
   * moved to the shared form ({@code sharedEmails}, {@code sharedPhones}), which Kustomer keeps
   * without uniqueness: both people keep their own customer, and each still shows the contact
   * point.
   */
  private ObjectNode withOthersContactPointsShared(CustomerCommand c)
      throws CallFailure, InterruptedException {
    Set<String> held = new java.util.HashSet<>();
    for (String lookup : c.lookups().subList(1, c.lookups().size())) {
      KustomerResponse r = find(lookup);
      if (r.status() == 200 && !claims.isSamePerson(c.lookups(), lookup, r.id(), attributes(r))) {
        held.add(lookup);
      }
    }
    return shared(c, held);
  }

  /** The command's customer with the contact points of {@code held} in their shared form. */
  private static ObjectNode shared(CustomerCommand c, Set<String> held) {
    ObjectNode body = c.customer().deepCopy();
    for (String lookup : held) {
      if (lookup.startsWith("externalId:")) {
        continue; // the strongest key is never shared: it names the customer
      }
      String kind = lookup.startsWith("email:") ? "email" : "phone";
      String list = kind + "s";
      String shared = "shared" + Character.toUpperCase(list.charAt(0)) + list.substring(1);
      JsonNode points = body.path(list);
      if (points instanceof ArrayNode a) {
        body.remove(list);
        body.withArray(shared).addAll(a);
      }
    }
    return body;
  }

  private String lookup(CustomerCommand c) throws CallFailure, InterruptedException {
    for (String lookup : c.lookups()) {
      boolean strongest = lookup.equals(c.lookups().get(0));
      String cached = strongest ? ids.get(lookup) : null;
      if (cached != null) {
        return cached;
      }
      KustomerResponse r = find(lookup);
      if (r.status() == 200 && r.id() != null) {
        if (!claims.take(c.lookups(), lookup, r.id(), attributes(r))) {
          continue; // someone else's customer holds this weaker key of ours
        }
        if (strongest) {
          ids.put(lookup, r.id());
        }
        return r.id();
      }
    }
    return null;
  }

  private KustomerResponse find(String lookup) throws CallFailure, InterruptedException {
    int colon = lookup.indexOf(':');
    ApiPath path = ApiPath.customerBy(lookup.substring(0, colon), lookup.substring(colon + 1));
    return api.call("GET", path, null, Set.of(404));
  }

  private static JsonNode attributes(KustomerResponse r) {
    return r.body().path("data").path("attributes");
  }
}
