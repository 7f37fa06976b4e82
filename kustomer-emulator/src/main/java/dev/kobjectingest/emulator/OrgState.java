package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything one Kustomer org holds: customers with their identity indexes, klasses, metadata and
 * KObjects. One lock guards it all; at the request rates that matter (thousands per second) a
 * single monitor is not the bottleneck, and it makes uniqueness checks trivially race-free.
 *
 * <p>Bodies reaching this class have passed {@link RequestValidators}; the checks here are the ones
 * that need the org's data: uniqueness, existence, and the klass-dependent typing of {@code
 * custom}.
 */
final class OrgState {
  static final String ORG_ID = "5f0c6a5e3b1a2c0019a0e001";
  static final String USER_ID = "5f0c6a5e3b1a2c0019a0e002";

  private final IdentityIndex identities;
  private final KlassRegistry klasses = new KlassRegistry();
  private final Map<String, StoredCustomer> customers = new LinkedHashMap<>();
  private final Map<String, StoredKObject> kobjects = new LinkedHashMap<>();
  private final ExternalIdIndex externalIds = new ExternalIdIndex();
  private long idCounter;
  private long customerUpdates;
  private long kobjectUpdates;

  OrgState(boolean enforceCustomerUniqueness) {
    this.identities = new IdentityIndex(enforceCustomerUniqueness);
  }

  synchronized void clear() {
    customers.clear();
    identities.clear();
    klasses.clear();
    kobjects.clear();
    externalIds.clear();
    customerUpdates = 0;
    kobjectUpdates = 0;
  }

  /** A 24-hex id shaped like Kustomer's (Mongo ObjectId: seconds, then a counter). */
  private String newId(Instant now) {
    idCounter++;
    return String.format(Locale.ROOT, "%08x%016x", now.getEpochSecond(), idCounter);
  }

  // ---------------------------------------------------------------- customers

  synchronized StoredCustomer createCustomer(ObjectNode body, Instant now) {
    Set<String> keys = IdentityIndex.identities(body);
    identities.checkUnique(keys, null);
    CustomAttributes.validate(
        body.get("custom"), "/custom", Map.of(), customerProperties(), this::existsUnlocked);
    StoredCustomer c = new StoredCustomer(newId(now), body.deepCopy(), createdAt(body, now));
    customers.put(c.id, c);
    identities.add(c.id, keys);
    return c;
  }

  synchronized StoredCustomer customer(String id) {
    StoredCustomer c = customers.get(id);
    if (c == null) {
      throw ApiException.notFound("customer_not_found", "no customer with id " + id);
    }
    return c;
  }

  /**
   * Finds by {@code email}, {@code phone} or {@code externalId}; 404 when absent, as Kustomer does.
   */
  synchronized StoredCustomer customerBy(String kind, String value) {
    String id = identities.firstOwner(kind, value);
    if (id == null) {
      throw ApiException.notFound("not_found", "no customer with that " + kind);
    }
    return customers.get(id);
  }

  synchronized StoredCustomer updateCustomer(
      String id, ObjectNode body, boolean replace, Instant now) {
    StoredCustomer c = customer(id);
    ObjectNode next = replace ? body.deepCopy() : DocumentUpdates.customerPatch(c.attributes, body);
    Set<String> keys = IdentityIndex.identities(next);
    identities.checkUnique(keys, id);
    CustomAttributes.validate(
        next.get("custom"), "/custom", Map.of(), customerProperties(), this::existsUnlocked);
    identities.remove(id, IdentityIndex.identities(c.attributes));
    c.attributes = next;
    c.updatedAt = now;
    c.rev++;
    identities.add(id, keys);
    customerUpdates++;
    return c;
  }

  /** Customers whose stored document matches, in the order they were created. */
  synchronized List<StoredCustomer> searchCustomers(SearchCriterion criterion) {
    List<StoredCustomer> out = new ArrayList<>();
    for (StoredCustomer c : customers.values()) {
      if (criterion.matches(c.attributes)) {
        out.add(c);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- klasses and metadata

  synchronized StoredKlass createKlass(ObjectNode body, Instant now) {
    return klasses.create(newId(now), body, now);
  }

  /** The klass, created with default attributes when missing (seeding). */
  synchronized StoredKlass ensureKlass(String name, Instant now) {
    if (klasses.exists(name)) {
      return klasses.get(name);
    }
    ObjectNode body = Json.object().put("name", name);
    RequestValidators.klass(body);
    return createKlass(body, now);
  }

  synchronized List<StoredKlass> klasses() {
    return klasses.all();
  }

  synchronized StoredKlass klass(String name) {
    return klasses.get(name);
  }

  synchronized ObjectNode metadata(String resource) {
    return klasses.metadata(resource);
  }

  synchronized ObjectNode putMetadata(String resource, ObjectNode body, Instant now) {
    return klasses.putMetadata(resource, body, now);
  }

  private Map<String, JsonNode> customerProperties() {
    return klasses.section("customer", "properties");
  }

  // ---------------------------------------------------------------- kobjects

  synchronized StoredKObject createKObject(
      String klassName, String customerId, ObjectNode body, Instant now) {
    klass(klassName);
    if (customerId != null) {
      customer(customerId);
    }
    validateCustom(klassName, body);
    ObjectNode attrs = body.deepCopy();
    attrs.remove("customer");
    StoredKObject o =
        new StoredKObject(newId(now), klassName, customerId, attrs, createdAt(body, now));
    kobjects.put(o.id, o);
    externalIds.add(klassName, o.externalId(), o.id);
    return o;
  }

  synchronized StoredKObject kobject(String klassName, String id) {
    klass(klassName);
    StoredKObject o = kobjects.get(id);
    if (o == null || !o.klass.equals(klassName)) {
      throw ApiException.notFound("not_found", "no " + klassName + " with id " + id);
    }
    return o;
  }

  /** The oldest object of the klass with that externalId; 404 when none. */
  synchronized StoredKObject kobjectByExternalId(String klassName, String externalId) {
    klass(klassName);
    String id = externalIds.oldest(klassName, externalId);
    if (id == null) {
      throw ApiException.notFound("not_found", "no " + klassName + " with that externalId");
    }
    return kobjects.get(id);
  }

  /** Updates by id, as {@link DocumentUpdates#kobjectPut} combines the body with the object. */
  synchronized StoredKObject updateKObject(
      String klassName, String id, ObjectNode body, boolean replaceContents, Instant now) {
    StoredKObject o = kobject(klassName, id);
    validateCustom(klassName, body);
    ObjectNode next = DocumentUpdates.kobjectPut(o.attributes, body, replaceContents);
    String oldExternalId = o.externalId();
    o.attributes = next;
    o.updatedAt = now;
    o.rev++;
    kobjectUpdates++;
    // Re-indexed only when it changed: an object keeps its place among holders of its externalId.
    if (!Objects.equals(oldExternalId, o.externalId())) {
      externalIds.remove(klassName, oldExternalId, id);
      externalIds.add(klassName, o.externalId(), id);
    }
    return o;
  }

  synchronized void deleteKObject(String klassName, String id) {
    StoredKObject o = kobject(klassName, id);
    kobjects.remove(id);
    externalIds.remove(klassName, o.externalId(), id);
  }

  synchronized List<StoredKObject> kobjects(String klassName, String customerId) {
    klass(klassName);
    List<StoredKObject> out = new ArrayList<>();
    for (StoredKObject o : kobjects.values()) {
      if (o.klass.equals(klassName) && (customerId == null || customerId.equals(o.customerId))) {
        out.add(o);
      }
    }
    return out;
  }

  /** KObjects of the klass whose stored document matches, in the order they were created. */
  synchronized List<StoredKObject> searchKObjects(String klassName, SearchCriterion criterion) {
    List<StoredKObject> out = new ArrayList<>();
    for (StoredKObject o : kobjects(klassName, null)) {
      if (criterion.matches(o.attributes)) {
        out.add(o);
      }
    }
    return out;
  }

  private void validateCustom(String klassName, JsonNode body) {
    String resource = "kobject." + klassName;
    CustomAttributes.validate(
        body.get("custom"),
        "/custom",
        klasses.section(resource, "relationships"),
        klasses.section(resource, "properties"),
        this::existsUnlocked);
  }

  private boolean existsUnlocked(String klassName, String id) {
    StoredKObject o = kobjects.get(id);
    return o != null && o.klass.equals(klassName);
  }

  private static Instant createdAt(JsonNode body, Instant now) {
    JsonNode given = body.get("createdAt");
    return given != null && given.isTextual()
        ? java.time.OffsetDateTime.parse(given.asText()).toInstant()
        : now;
  }

  // ---------------------------------------------------------------- stats

  /** Every customer, in the order they were created. */
  synchronized List<StoredCustomer> customers() {
    return new ArrayList<>(customers.values());
  }

  synchronized int customerCount() {
    return customers.size();
  }

  /** Customer updates applied (PUT, PATCH, bulk PUT items), since the last reset. */
  synchronized long customerUpdates() {
    return customerUpdates;
  }

  /** KObject updates applied (PUT, bulk PUT items), since the last reset. */
  synchronized long kobjectUpdates() {
    return kobjectUpdates;
  }

  synchronized Map<String, Integer> kobjectCounts() {
    Map<String, Integer> counts = new TreeMap<>();
    for (StoredKlass k : klasses.all()) {
      counts.put(k.name, 0);
    }
    for (StoredKObject o : kobjects.values()) {
      counts.merge(o.klass, 1, Integer::sum);
    }
    return counts;
  }

  /** (klass, externalId) pairs held by more than one object. */
  synchronized int duplicateKObjects() {
    return externalIds.duplicates();
  }

  /** Identities (email, phone, externalId) held by more than one customer. */
  synchronized int duplicateCustomers() {
    return identities.duplicates();
  }
}
