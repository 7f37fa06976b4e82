package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  private final boolean enforceCustomerUniqueness;
  private final Map<String, StoredCustomer> customers = new LinkedHashMap<>();
  private final Map<String, Set<String>> identityIndex = new HashMap<>();
  private final Map<String, StoredKlass> klasses = new LinkedHashMap<>();
  private final Map<String, ObjectNode> metadata = new HashMap<>();
  private final Map<String, StoredKObject> kobjects = new LinkedHashMap<>();
  private final Map<String, List<String>> externalIdIndex = new HashMap<>();
  private long idCounter;

  OrgState(boolean enforceCustomerUniqueness) {
    this.enforceCustomerUniqueness = enforceCustomerUniqueness;
  }

  synchronized void clear() {
    customers.clear();
    identityIndex.clear();
    klasses.clear();
    metadata.clear();
    kobjects.clear();
    externalIdIndex.clear();
  }

  /** A 24-hex id shaped like Kustomer's (Mongo ObjectId: seconds, then a counter). */
  private String newId(Instant now) {
    idCounter++;
    return String.format(Locale.ROOT, "%08x%016x", now.getEpochSecond(), idCounter);
  }

  // ---------------------------------------------------------------- customers

  synchronized StoredCustomer createCustomer(ObjectNode body, Instant now) {
    Set<String> identities = identities(body);
    checkUnique(identities, null);
    CustomAttributes.validate(
        body.get("custom"), "/custom", Map.of(), properties("customer"), this::existsUnlocked);
    StoredCustomer c = new StoredCustomer(newId(now), body.deepCopy(), createdAt(body, now));
    customers.put(c.id, c);
    index(c.id, identities);
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
    Set<String> ids = identityIndex.getOrDefault(identityKey(kind, value), Set.of());
    if (ids.isEmpty()) {
      throw ApiException.notFound("not_found", "no customer with that " + kind);
    }
    return customers.get(ids.iterator().next());
  }

  synchronized StoredCustomer updateCustomer(
      String id, ObjectNode body, boolean replace, Instant now) {
    StoredCustomer c = customer(id);
    ObjectNode next = replace ? body.deepCopy() : merged(c.attributes, body);
    Set<String> identities = identities(next);
    checkUnique(identities, id);
    CustomAttributes.validate(
        next.get("custom"), "/custom", Map.of(), properties("customer"), this::existsUnlocked);
    unindex(id, identities(c.attributes));
    c.attributes = next;
    c.updatedAt = now;
    c.rev++;
    index(id, identities);
    return c;
  }

  private static ObjectNode merged(ObjectNode current, ObjectNode patch) {
    ObjectNode next = current.deepCopy();
    patch.properties().forEach(e -> next.set(e.getKey(), e.getValue().deepCopy()));
    return next;
  }

  private void checkUnique(Set<String> identities, String selfId) {
    if (!enforceCustomerUniqueness) {
      return;
    }
    for (String key : identities) {
      for (String owner : identityIndex.getOrDefault(key, Set.of())) {
        if (!owner.equals(selfId)) {
          String kind = key.substring(0, key.indexOf(':'));
          throw ApiException.conflict(
              "another customer already has this " + kind + " (customer " + owner + ")",
              "/" + (kind.equals("externalId") ? "externalId" : kind + "s"));
        }
      }
    }
  }

  private void index(String id, Set<String> identities) {
    for (String key : identities) {
      identityIndex.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(id);
    }
  }

  private void unindex(String id, Set<String> identities) {
    for (String key : identities) {
      Set<String> owners = identityIndex.get(key);
      if (owners != null) {
        owners.remove(id);
        if (owners.isEmpty()) {
          identityIndex.remove(key);
        }
      }
    }
  }

  /** The unique identities of a customer document: emails, phones and externalIds. */
  static Set<String> identities(JsonNode doc) {
    Set<String> keys = new LinkedHashSet<>();
    if (doc.hasNonNull("externalId")) {
      keys.add(identityKey("externalId", doc.get("externalId").asText()));
    }
    doc.path("externalIds")
        .forEach(n -> keys.add(identityKey("externalId", n.path("externalId").asText())));
    doc.path("emails").forEach(n -> keys.add(identityKey("email", n.path("email").asText())));
    doc.path("phones").forEach(n -> keys.add(identityKey("phone", n.path("phone").asText())));
    return keys;
  }

  static String identityKey(String kind, String value) {
    return switch (kind) {
      case "email" -> "email:" + value.trim().toLowerCase(Locale.ROOT);
      case "phone" -> "phone:" + value.replaceAll("[^0-9]", "");
      default -> "externalId:" + value;
    };
  }

  // ---------------------------------------------------------------- klasses and metadata

  synchronized StoredKlass createKlass(ObjectNode body, Instant now) {
    String name = body.get("name").asText();
    if (klasses.containsKey(name)) {
      throw ApiException.conflict("a klass named '" + name + "' already exists", "/name");
    }
    ObjectNode attrs = body.deepCopy();
    if (!attrs.has("status")) {
      attrs.put("status", "enabled");
    }
    if (!attrs.has("displayName")) {
      attrs.put("displayName", name);
    }
    StoredKlass k = new StoredKlass(newId(now), name, attrs, now);
    klasses.put(name, k);
    return k;
  }

  synchronized List<StoredKlass> klasses() {
    return new ArrayList<>(klasses.values());
  }

  synchronized StoredKlass klass(String name) {
    StoredKlass k = klasses.get(name);
    if (k == null) {
      throw ApiException.notFound("klass_not_found", "no klass named '" + name + "'");
    }
    return k;
  }

  /**
   * The metadata of {@code customer}, {@code kobject.<klass>}, ...; an empty document when never
   * set.
   */
  synchronized ObjectNode metadata(String resource) {
    requireResource(resource);
    return metadata.computeIfAbsent(resource, r -> emptyMetadata()).deepCopy();
  }

  /** Sets metadata, merging per property and relationship as Kustomer's metadata PUT does. */
  synchronized ObjectNode putMetadata(String resource, ObjectNode body, Instant now) {
    requireResource(resource);
    ObjectNode md = metadata.computeIfAbsent(resource, r -> emptyMetadata());
    for (String section : List.of("properties", "relationships", "standardProperties")) {
      JsonNode given = body.get(section);
      if (given != null && given.isObject()) {
        ObjectNode target = (ObjectNode) md.get(section);
        given
            .properties()
            .forEach(
                e -> {
                  ObjectNode def = (ObjectNode) e.getValue().deepCopy();
                  def.put("updatedAt", Json.timestamp(now)).put("modifiedBy", USER_ID);
                  if (!def.has("displayName")) {
                    def.put("displayName", displayName(e.getKey()));
                  }
                  target.set(e.getKey(), def);
                });
      }
    }
    if (body.has("validations")) {
      md.set("validations", body.get("validations").deepCopy());
    }
    if (md.path("relationships").size() > 20) {
      throw ApiException.badRequest(
          "'relationships' must have at most 20 entries", "/relationships");
    }
    return md.deepCopy();
  }

  private void requireResource(String resource) {
    if (resource.startsWith("kobject.")) {
      klass(resource.substring("kobject.".length()));
      return;
    }
    if (!Set.of("company", "conversation", "customer", "message").contains(resource)) {
      throw ApiException.notFound("not_found", "no metadata resource '" + resource + "'");
    }
  }

  private static ObjectNode emptyMetadata() {
    ObjectNode md = Json.object();
    md.putObject("properties");
    md.putObject("relationships");
    md.putObject("standardProperties");
    md.putArray("validations");
    return md;
  }

  /** Kustomer's default display name: the attribute name without its suffix, title-cased. */
  static String displayName(String attribute) {
    String suffix = CustomAttributes.suffixOf(attribute);
    String base =
        suffix == null ? attribute : attribute.substring(0, attribute.length() - suffix.length());
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < base.length(); i++) {
      char ch = base.charAt(i);
      if (i == 0) {
        out.append(Character.toUpperCase(ch));
      } else {
        if (Character.isUpperCase(ch)) {
          out.append(' ');
        }
        out.append(ch);
      }
    }
    return out.toString();
  }

  private Map<String, JsonNode> section(String resource, String section) {
    ObjectNode md = metadata.get(resource);
    if (md == null) {
      return Map.of();
    }
    Map<String, JsonNode> out = new HashMap<>();
    md.path(section).properties().forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private Map<String, JsonNode> properties(String resource) {
    return section(resource, "properties");
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
    String ext = o.externalId();
    if (ext != null) {
      externalIdIndex
          .computeIfAbsent(externalKey(klassName, ext), k -> new ArrayList<>())
          .add(o.id);
    }
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
    List<String> ids = externalIdIndex.getOrDefault(externalKey(klassName, externalId), List.of());
    if (ids.isEmpty()) {
      throw ApiException.notFound("not_found", "no " + klassName + " with that externalId");
    }
    return kobjects.get(ids.get(0));
  }

  /**
   * Updates by id. Top-level fields given replace the stored ones ({@code data} as a whole); {@code
   * custom} is merged per attribute, and an array value (a multi {@code Rel}) replaces the stored
   * array: Kustomer overwrites relationship arrays, it never appends.
   */
  synchronized StoredKObject updateKObject(
      String klassName, String id, ObjectNode body, Instant now) {
    StoredKObject o = kobject(klassName, id);
    validateCustom(klassName, body);
    ObjectNode next = o.attributes.deepCopy();
    body.properties()
        .forEach(
            e -> {
              if (e.getKey().equals("custom") && e.getValue().isObject()) {
                ObjectNode custom =
                    next.has("custom") && next.get("custom").isObject()
                        ? (ObjectNode) next.get("custom")
                        : next.putObject("custom");
                e.getValue()
                    .properties()
                    .forEach(c -> custom.set(c.getKey(), c.getValue().deepCopy()));
              } else if (!e.getKey().equals("rev") && !e.getKey().equals("id")) {
                next.set(e.getKey(), e.getValue().deepCopy());
              }
            });
    if (next.path("custom").size() > CustomAttributes.MAX_PROPERTIES) {
      throw ApiException.badRequest("'custom' would have more than 100 properties", "/custom");
    }
    String oldExt = o.externalId();
    o.attributes = next;
    o.updatedAt = now;
    o.rev++;
    String newExt = o.externalId();
    if (oldExt != null && !oldExt.equals(newExt)) {
      List<String> ids = externalIdIndex.get(externalKey(klassName, oldExt));
      if (ids != null) {
        ids.remove(id);
      }
    }
    if (newExt != null && !newExt.equals(oldExt)) {
      externalIdIndex
          .computeIfAbsent(externalKey(klassName, newExt), k -> new ArrayList<>())
          .add(id);
    }
    return o;
  }

  synchronized void deleteKObject(String klassName, String id) {
    StoredKObject o = kobject(klassName, id);
    kobjects.remove(id);
    String ext = o.externalId();
    if (ext != null) {
      List<String> ids = externalIdIndex.get(externalKey(klassName, ext));
      if (ids != null) {
        ids.remove(id);
      }
    }
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

  private void validateCustom(String klassName, JsonNode body) {
    String resource = "kobject." + klassName;
    CustomAttributes.validate(
        body.get("custom"),
        "/custom",
        section(resource, "relationships"),
        section(resource, "properties"),
        this::existsUnlocked);
  }

  private boolean existsUnlocked(String klassName, String id) {
    StoredKObject o = kobjects.get(id);
    return o != null && o.klass.equals(klassName);
  }

  private static String externalKey(String klass, String externalId) {
    return klass + '\u0000' + externalId;
  }

  private static Instant createdAt(JsonNode body, Instant now) {
    JsonNode given = body.get("createdAt");
    return given != null && given.isTextual()
        ? java.time.OffsetDateTime.parse(given.asText()).toInstant()
        : now;
  }

  // ---------------------------------------------------------------- stats

  synchronized int customerCount() {
    return customers.size();
  }

  synchronized Map<String, Integer> kobjectCounts() {
    Map<String, Integer> counts = new TreeMap<>();
    for (String k : klasses.keySet()) {
      counts.put(k, 0);
    }
    for (StoredKObject o : kobjects.values()) {
      counts.merge(o.klass, 1, Integer::sum);
    }
    return counts;
  }

  /** (klass, externalId) pairs held by more than one object. */
  synchronized int duplicateKObjects() {
    int n = 0;
    for (List<String> ids : externalIdIndex.values()) {
      if (ids.size() > 1) {
        n++;
      }
    }
    return n;
  }

  /** Identities (email, phone, externalId) held by more than one customer. */
  synchronized int duplicateCustomers() {
    int n = 0;
    for (Set<String> owners : identityIndex.values()) {
      if (owners.size() > 1) {
        n++;
      }
    }
    return n;
  }

  synchronized List<String> duplicateExternalIds(String klassName) {
    List<String> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, List<String>>> it = externalIdIndex.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<String, List<String>> e = it.next();
      if (e.getValue().size() > 1 && e.getKey().startsWith(klassName + '\u0000')) {
        out.add(e.getKey().substring(klassName.length() + 1));
      }
    }
    Collections.sort(out);
    return out;
  }
}
