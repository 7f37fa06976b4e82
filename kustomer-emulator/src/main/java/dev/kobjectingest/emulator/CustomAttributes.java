package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Kustomer's custom attributes are typed by the suffix of their name (docs/kustomer-api.md 3):
 * {@code Str}, {@code Txt} (≤ 1024 chars), {@code Num}, {@code At} (ISO date-time), {@code Bool},
 * {@code Url}, and the references {@code Id} and {@code Rel}, which must be declared in the klass
 * metadata first. A {@code custom} object holds at most 100 properties.
 */
final class CustomAttributes {
  static final int MAX_PROPERTIES = 100;
  static final int MAX_STRING = 1024;
  private static final List<String> SUFFIXES =
      List.of("Str", "Txt", "Num", "At", "Bool", "Url", "Id", "Rel");

  /** Answers whether a referenced object exists, for {@code Rel} and {@code Id} values. */
  interface References {
    boolean exists(String klass, String id);
  }

  private CustomAttributes() {}

  static String suffixOf(String name) {
    for (String suffix : SUFFIXES) {
      if (name.length() > suffix.length() && name.endsWith(suffix)) {
        return suffix;
      }
    }
    return null;
  }

  /**
   * Validates one {@code custom} object.
   *
   * @param relationships the klass metadata's relationships (name to definition), for {@code Rel}
   *     attributes
   * @param properties the klass metadata's properties, for {@code Id} attributes
   */
  static void validate(
      JsonNode custom,
      String pointer,
      Map<String, JsonNode> relationships,
      Map<String, JsonNode> properties,
      References refs) {
    if (custom == null || custom.isNull()) {
      return;
    }
    if (!custom.isObject()) {
      throw ApiException.badRequest("'custom' must be an object", pointer);
    }
    if (custom.size() > MAX_PROPERTIES) {
      throw ApiException.badRequest(
          "'custom' must have at most " + MAX_PROPERTIES + " properties, had " + custom.size(),
          pointer);
    }
    for (Map.Entry<String, JsonNode> e : custom.properties()) {
      checkAttribute(
          e.getKey(), e.getValue(), pointer + "/" + e.getKey(), relationships, properties, refs);
    }
  }

  private static void checkAttribute(
      String name,
      JsonNode value,
      String at,
      Map<String, JsonNode> relationships,
      Map<String, JsonNode> properties,
      References refs) {
    String suffix = suffixOf(name);
    if (suffix == null) {
      throw ApiException.badRequest(
          "custom attribute '" + name + "' must end in a type suffix " + SUFFIXES, at);
    }
    if (value.isNull()) {
      return; // clearing an attribute is allowed for every type
    }
    switch (suffix) {
      case "Str", "Txt" -> {
        if (!value.isTextual()) {
          throw typeError(name, "a string", at);
        }
        if (value.asText().length() > MAX_STRING) {
          throw ApiException.badRequest(
              "custom attribute '" + name + "' is longer than " + MAX_STRING + " characters", at);
        }
      }
      case "Num" -> {
        if (!value.isNumber()) {
          throw typeError(name, "a number", at);
        }
      }
      case "Bool" -> {
        if (!value.isBoolean()) {
          throw typeError(name, "a boolean", at);
        }
      }
      case "At" -> {
        if (!value.isTextual() || !FieldChecks.isDateTime(value.asText())) {
          throw typeError(name, "an ISO-8601 date-time", at);
        }
      }
      case "Url" -> {
        if (!value.isTextual() || !FieldChecks.isUrl(value.asText())) {
          throw typeError(name, "an http(s) URL", at);
        }
      }
      case "Rel" -> checkReference(name, value, at, relationships.get(name), refs, "relationships");
      case "Id" -> checkReference(name, value, at, properties.get(name), refs, "properties");
      default -> throw new IllegalStateException("unhandled suffix " + suffix);
    }
  }

  private static void checkReference(
      String name,
      JsonNode value,
      String at,
      JsonNode definition,
      References refs,
      String section) {
    if (definition == null) {
      throw ApiException.badRequest(
          "custom attribute '"
              + name
              + "' is a reference but is not declared in the klass metadata "
              + section,
          at);
    }
    String target = definition.path("target").asText("");
    String klass = target.startsWith("kobject.") ? target.substring("kobject.".length()) : target;
    boolean multi = definition.path("multi").asBoolean(false);
    if (multi != value.isArray()) {
      throw typeError(name, multi ? "an array of ids" : "a single id", at);
    }
    Iterable<JsonNode> ids = multi ? value : List.of(value);
    int i = 0;
    for (JsonNode id : ids) {
      String itemAt = multi ? at + "/" + i : at;
      if (!id.isTextual()) {
        throw typeError(name, "made of id strings", itemAt);
      }
      if (!refs.exists(klass, id.asText())) {
        throw ApiException.badRequest(
            "custom attribute '"
                + name
                + "' refers to "
                + target
                + " "
                + id.asText()
                + ", which does not exist",
            itemAt);
      }
      i++;
    }
  }

  private static ApiException typeError(String name, String expected, String at) {
    return ApiException.badRequest("custom attribute '" + name + "' must be " + expected, at);
  }
}
