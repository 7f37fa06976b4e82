package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The org's klasses and the metadata of its resources ({@code customer}, {@code kobject.<klass>},
 * ...). Not thread-safe; guarded by {@link OrgState}'s lock.
 */
final class KlassRegistry {
  private final Map<String, StoredKlass> klasses = new LinkedHashMap<>();
  private final Map<String, ObjectNode> metadata = new HashMap<>();

  void clear() {
    klasses.clear();
    metadata.clear();
  }

  StoredKlass create(String id, ObjectNode body, Instant now) {
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
    StoredKlass k = new StoredKlass(id, name, attrs, now);
    klasses.put(name, k);
    return k;
  }

  List<StoredKlass> all() {
    return new ArrayList<>(klasses.values());
  }

  boolean exists(String name) {
    return klasses.containsKey(name);
  }

  StoredKlass get(String name) {
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
  ObjectNode metadata(String resource) {
    requireResource(resource);
    return metadata.computeIfAbsent(resource, r -> emptyMetadata()).deepCopy();
  }

  /** Sets metadata, merging per property and relationship as Kustomer's metadata PUT does. */
  ObjectNode putMetadata(String resource, ObjectNode body, Instant now) {
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
                  def.put("updatedAt", Json.timestamp(now)).put("modifiedBy", OrgState.USER_ID);
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

  /** One section ({@code properties}, {@code relationships}) of a resource's metadata. */
  Map<String, JsonNode> section(String resource, String section) {
    ObjectNode md = metadata.get(resource);
    if (md == null) {
      return Map.of();
    }
    Map<String, JsonNode> out = new HashMap<>();
    md.path(section).properties().forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private void requireResource(String resource) {
    if (resource.startsWith("kobject.")) {
      get(resource.substring("kobject.".length()));
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
}
