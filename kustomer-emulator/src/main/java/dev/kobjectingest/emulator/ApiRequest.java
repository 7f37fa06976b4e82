package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/** One matched API request: its path parameters, query, body and the time it arrived. */
final class ApiRequest {
  private final Map<String, String> pathParams;
  private final Map<String, String> query;
  private final byte[] body;
  private final Instant now;

  ApiRequest(Map<String, String> pathParams, Map<String, String> query, byte[] body, Instant now) {
    this.pathParams = Map.copyOf(pathParams);
    this.query = Map.copyOf(query);
    this.body = body.clone();
    this.now = now;
  }

  String param(String name) {
    return pathParams.get(name);
  }

  Map<String, String> query() {
    return query;
  }

  Instant now() {
    return now;
  }

  JsonNode json() {
    return Json.parse(body);
  }

  int intQuery(String name, int fallback, int min, int max) {
    String v = query.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = (int) Double.parseDouble(v);
      if (n < min || n > max) {
        throw ApiException.badRequest(
            "'" + name + "' must be between " + min + " and " + max, name);
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("'" + name + "' must be a number", name);
    }
  }
}
