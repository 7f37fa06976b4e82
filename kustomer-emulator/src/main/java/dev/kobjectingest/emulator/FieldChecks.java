package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The type and size checks Kustomer's request schemas state, written once. Each check throws
 * Kustomer's 400 with a JSON pointer to the field. A schema library would do the same from
 * openapi.json, but the copy's schemas are wrong where it matters most ({@code custom} allows
 * nothing), so the emulator states the rules itself and the contract tests hold it to the spec.
 */
final class FieldChecks {
  private static final Pattern TAG =
      Pattern.compile(
          "^[0-9a-zA-Z\\u00c0-\\u00ff_/<>\\-.][0-9a-zA-Z\\u00c0-\\u00ff _/<>\\-.]{0,63}$");

  private FieldChecks() {}

  static void object(JsonNode node, String pointer) {
    if (!node.isObject()) {
      throw ApiException.badRequest(where(pointer) + "must be an object", pointer);
    }
  }

  /** Kustomer's create and update bodies are closed: an unknown key is a 400. */
  static void onlyKeys(JsonNode node, Set<String> allowed, String pointer) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw ApiException.badRequest(
            "additional property '" + name + "' is not allowed", pointer + "/" + name);
      }
    }
  }

  static void required(JsonNode parent, String name, String pointer) {
    JsonNode v = parent.get(name);
    if (v == null || v.isNull()) {
      throw ApiException.badRequest("'" + name + "' is required", pointer + "/" + name);
    }
  }

  /** A string of {@code min..max} chars, when present; null passes only when {@code nullable}. */
  static void string(
      JsonNode parent, String name, int min, int max, boolean nullable, String pointer) {
    JsonNode v = parent.get(name);
    if (v == null || (nullable && v.isNull())) {
      return;
    }
    String at = pointer + "/" + name;
    if (!v.isTextual()) {
      throw ApiException.badRequest("'" + name + "' must be a string", at);
    }
    int len = v.asText().length();
    if (len < min || len > max) {
      throw ApiException.badRequest(
          "'" + name + "' must be " + min + " to " + max + " characters, was " + len, at);
    }
  }

  static void dateTime(JsonNode parent, String name, boolean nullable, String pointer) {
    JsonNode v = parent.get(name);
    if (v == null || (nullable && v.isNull())) {
      return;
    }
    if (!v.isTextual() || !isDateTime(v.asText())) {
      throw ApiException.badRequest(
          "'" + name + "' must be an ISO-8601 date-time", pointer + "/" + name);
    }
  }

  static boolean isDateTime(String text) {
    try {
      OffsetDateTime.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  static boolean isUrl(String text) {
    try {
      URI uri = new URI(text);
      return uri.isAbsolute()
          && uri.getHost() != null
          && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  static void enumeration(JsonNode parent, String name, Set<String> values, String pointer) {
    JsonNode v = parent.get(name);
    if (v == null || v.isNull()) {
      return;
    }
    if (!v.isTextual() || !values.contains(v.asText())) {
      throw ApiException.badRequest(
          "'" + name + "' must be one of " + values, pointer + "/" + name);
    }
  }

  static void bool(JsonNode parent, String name, String pointer) {
    JsonNode v = parent.get(name);
    if (v != null && !v.isNull() && !v.isBoolean()) {
      throw ApiException.badRequest("'" + name + "' must be a boolean", pointer + "/" + name);
    }
  }

  static void number(JsonNode parent, String name, String pointer) {
    JsonNode v = parent.get(name);
    if (v != null && !v.isNull() && !v.isNumber()) {
      throw ApiException.badRequest("'" + name + "' must be a number", pointer + "/" + name);
    }
  }

  static void anyObject(JsonNode parent, String name, String pointer) {
    JsonNode v = parent.get(name);
    if (v != null && !v.isNull() && !v.isObject()) {
      throw ApiException.badRequest("'" + name + "' must be an object", pointer + "/" + name);
    }
  }

  /**
   * An array of at most {@code maxItems}, items unique when asked; returns it or null when absent.
   */
  static JsonNode array(
      JsonNode parent, String name, int maxItems, boolean unique, String pointer) {
    JsonNode v = parent.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    String at = pointer + "/" + name;
    if (!v.isArray()) {
      throw ApiException.badRequest("'" + name + "' must be an array", at);
    }
    if (v.size() > maxItems) {
      throw ApiException.badRequest(
          "'" + name + "' must have at most " + maxItems + " items, had " + v.size(), at);
    }
    if (unique) {
      Set<JsonNode> seen = new HashSet<>();
      for (JsonNode item : v) {
        if (!seen.add(item)) {
          throw ApiException.badRequest("'" + name + "' items must be unique", at);
        }
      }
    }
    return v;
  }

  static void tags(JsonNode parent, String pointer) {
    JsonNode tags = array(parent, "tags", 20, true, pointer);
    if (tags == null) {
      return;
    }
    for (int i = 0; i < tags.size(); i++) {
      JsonNode t = tags.get(i);
      if (!t.isTextual() || !TAG.matcher(t.asText()).matches()) {
        throw ApiException.badRequest(
            "tag must be 1 to 64 letters, digits or _/<>-. and spaces", pointer + "/tags/" + i);
      }
    }
  }

  static void urls(JsonNode parent, String name, int maxItems, String pointer) {
    JsonNode list = array(parent, name, maxItems, true, pointer);
    if (list == null) {
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      if (!list.get(i).isTextual() || !isUrl(list.get(i).asText())) {
        throw ApiException.badRequest(
            "'" + name + "' items must be http(s) URLs", pointer + "/" + name + "/" + i);
      }
    }
  }

  private static String where(String pointer) {
    return pointer.isEmpty() ? "the body " : "'" + pointer + "' ";
  }
}
