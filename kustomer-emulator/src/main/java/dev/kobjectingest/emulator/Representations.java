package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Function;

/**
 * Renders stored resources in Kustomer's JSON:API shapes ({@code {"data": {type, id, attributes,
 * ...}}}).
 */
final class Representations {
  private Representations() {}

  static ObjectNode single(ObjectNode resource) {
    ObjectNode body = Json.object();
    body.set("data", resource);
    return body;
  }

  /**
   * A page of a list, with {@code meta} and {@code links} as Kustomer paginates
   * (docs/kustomer-api.md 8).
   */
  static <T> ObjectNode page(
      List<T> all, int page, int pageSize, String selfPath, Function<T, ObjectNode> render) {
    int from = Math.min(all.size(), (page - 1) * pageSize);
    int to = Math.min(all.size(), from + pageSize);
    ObjectNode body = Json.object();
    ArrayNode data = body.putArray("data");
    all.subList(from, to).forEach(item -> data.add(render.apply(item)));
    int totalPages = Math.max(1, (all.size() + pageSize - 1) / pageSize);
    body.putObject("meta")
        .put("page", page)
        .put("pageSize", pageSize)
        .put("total", all.size())
        .put("totalPages", totalPages);
    ObjectNode links = body.putObject("links");
    String sep = selfPath.contains("?") ? "&" : "?";
    links.put("self", selfPath + sep + "page=" + page + "&pageSize=" + pageSize);
    links.put("first", selfPath + sep + "page=1&pageSize=" + pageSize);
    if (page > 1) {
      links.put("prev", selfPath + sep + "page=" + (page - 1) + "&pageSize=" + pageSize);
    } else {
      links.putNull("prev");
    }
    if (page < totalPages) {
      links.put("next", selfPath + sep + "page=" + (page + 1) + "&pageSize=" + pageSize);
    } else {
      links.putNull("next");
    }
    return body;
  }

  static ObjectNode customer(StoredCustomer c) {
    ObjectNode a = Json.object();
    JsonNode s = c.attributes;
    String name = s.path("name").asText(null);
    a.put("name", name == null ? "" : name);
    String firstEmail = s.path("emails").path(0).path("email").asText("");
    a.put("displayName", name != null ? name : firstEmail);
    a.put("displayColor", "teal");
    a.put("displayIcon", "user");
    if (s.hasNonNull("externalId")) {
      a.put("externalId", s.get("externalId").asText());
    }
    // Shared contact points render as their unique counterparts do.
    contactPoints(a, s, "externalIds", "externalId", null);
    contactPoints(a, s, "sharedExternalIds", "externalId", null);
    contactPoints(a, s, "emails", "email", "home");
    contactPoints(a, s, "sharedEmails", "email", "home");
    contactPoints(a, s, "phones", "phone", "mobile");
    contactPoints(a, s, "sharedPhones", "phone", "mobile");
    for (String list :
        new String[] {"socials", "sharedSocials", "urls", "locations", "whatsapps"}) {
      a.set(list, s.has(list) && s.get(list).isArray() ? s.get(list).deepCopy() : Json.array());
    }
    a.putArray("activeUsers");
    a.putArray("watchers");
    a.putObject("recentLocation").put("updatedAt", Json.timestamp(c.updatedAt));
    for (String text : new String[] {"locale", "timeZone", "defaultLang", "gender", "username"}) {
      if (s.hasNonNull(text)) {
        a.put(text, s.get(text).asText());
      }
    }
    a.put("createdAt", Json.timestamp(c.createdAt));
    a.put("updatedAt", Json.timestamp(c.updatedAt));
    a.put("modifiedAt", Json.timestamp(c.updatedAt));
    for (String date :
        new String[] {"lastActivityAt", "signedUpAt", "lastSeenAt", "birthdayAt", "importedAt"}) {
      if (s.hasNonNull(date)) {
        a.put(date, s.get(date).asText());
      }
    }
    a.putObject("lastConversation").putArray("tags");
    a.putObject("conversationCounts").put("all", 0).put("snoozed", 0).put("open", 0).put("done", 0);
    a.set("tags", s.has("tags") ? s.get("tags").deepCopy() : Json.array());
    a.set(
        "custom",
        s.has("custom") && s.get("custom").isObject() ? s.get("custom").deepCopy() : Json.object());
    a.put("verified", false);
    a.put("rev", c.rev);

    ObjectNode r = resource("customer", c.id, a, "/v1/customers/" + c.id);
    ObjectNode rel = relationships(r);
    rel.putObject("messages").putObject("links").put("self", "/v1/customers/" + c.id + "/messages");
    rel.set("createdBy", user());
    rel.set("modifiedBy", user());
    return r;
  }

  /**
   * A list of contact points with Kustomer's defaults: {@code verified} false, a {@code type} where
   * the kind has one, and a null {@code id}.
   */
  private static void contactPoints(
      ObjectNode attributes, JsonNode stored, String list, String key, String defaultType) {
    ArrayNode out = attributes.putArray(list);
    stored
        .path(list)
        .forEach(
            n -> {
              ObjectNode point =
                  out.addObject()
                      .put(key, n.path(key).asText())
                      .put("verified", n.path("verified").asBoolean(false));
              if (defaultType != null) {
                point.put("type", n.path("type").asText(defaultType));
              }
              point.putNull("id");
            });
  }

  static ObjectNode kobject(StoredKObject o, String icon) {
    ObjectNode a = Json.object();
    JsonNode s = o.attributes;
    a.put("title", s.path("title").asText(""));
    if (s.hasNonNull("externalId")) {
      a.put("externalId", s.get("externalId").asText());
    }
    if (s.hasNonNull("description")) {
      a.put("description", s.get("description").asText());
    }
    a.put("icon", s.path("icon").asText(icon));
    a.set("images", s.has("images") ? s.get("images").deepCopy() : Json.array());
    a.set(
        "custom",
        s.has("custom") && s.get("custom").isObject() ? s.get("custom").deepCopy() : Json.object());
    a.set(
        "data",
        s.has("data") && s.get("data").isObject() ? s.get("data").deepCopy() : Json.object());
    a.set("tags", s.has("tags") ? s.get("tags").deepCopy() : Json.array());
    a.put("createdAt", Json.timestamp(o.createdAt));
    a.put("updatedAt", Json.timestamp(o.updatedAt));
    if (s.hasNonNull("importedAt")) {
      a.put("importedAt", s.get("importedAt").asText());
    }
    a.put("rev", o.rev);

    ObjectNode r = resource("kobject." + o.klass, o.id, a, "/v1/klasses/" + o.klass + "/" + o.id);
    ObjectNode rel = relationships(r);
    ObjectNode klass = rel.putObject("klass");
    klass.putObject("links").put("self", "/v1/klasses/" + o.klass);
    klass.putObject("data").put("type", "klass").put("id", o.klass);
    if (o.customerId != null) {
      ObjectNode customer = rel.putObject("customer");
      customer.putObject("links").put("self", "/v1/customers/" + o.customerId);
      customer.putObject("data").put("type", "customer").put("id", o.customerId);
    }
    return r;
  }

  static ObjectNode klass(StoredKlass k) {
    ObjectNode a = k.attributes.deepCopy();
    a.put("createdAt", Json.timestamp(k.createdAt));
    a.put("updatedAt", Json.timestamp(k.createdAt));
    ObjectNode r = resource("klass", k.id, a, "/v1/klasses/" + k.id);
    relationships(r).putObject("kobjects").putObject("links").put("self", "/v1/klasses/" + k.name);
    return r;
  }

  static ObjectNode metadata(String resource, ObjectNode md) {
    ObjectNode r = resource("metadata", resource, md, "/v1/metadata/" + resource);
    relationships(r);
    return r;
  }

  private static ObjectNode resource(String type, String id, ObjectNode attributes, String self) {
    ObjectNode r = Json.object().put("type", type).put("id", id);
    r.set("attributes", attributes);
    ObjectNode rel = r.putObject("relationships");
    ObjectNode org = rel.putObject("org");
    org.putObject("links").put("self", "/v1/orgs/" + OrgState.ORG_ID);
    org.putObject("data").put("type", "org").put("id", OrgState.ORG_ID);
    r.putObject("links").put("self", self);
    return r;
  }

  private static ObjectNode relationships(ObjectNode resource) {
    return (ObjectNode) resource.get("relationships");
  }

  private static ObjectNode user() {
    ObjectNode u = Json.object();
    u.putObject("links").put("self", "/v1/users/" + OrgState.USER_ID);
    u.putObject("data").put("type", "user").put("id", OrgState.USER_ID);
    return u;
  }
}
