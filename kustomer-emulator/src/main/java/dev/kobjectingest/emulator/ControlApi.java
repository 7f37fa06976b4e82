package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code /__emulator/*}: what tests, the demo and benchmarks use to observe and steer the emulator.
 * It needs no API key and spends no budget: it is not part of Kustomer's API.
 */
final class ControlApi {
  private static final String KLASS_OBJECTS = "/__emulator/klasses/";

  /** The settings {@code PUT /__emulator/limits} changes, as {@code GET} shows them. */
  static final List<String> LIMITS =
      List.of(
          "rateLimitPerMinute",
          "customerCreatesPerMinute",
          "objectUpdatesPerMinute",
          "searchesPerMinute",
          "bulkBatchDelayMs",
          "bulkBatchLatencyMs",
          "kobjectPutReplaces");

  private final KustomerEmulator emulator;

  ControlApi(KustomerEmulator emulator) {
    this.emulator = emulator;
  }

  ApiResponse handle(String method, String path, byte[] body) {
    try {
      return route(method, path, body);
    } catch (ApiException e) {
      return ApiResponse.error(e);
    } catch (IllegalArgumentException e) {
      return ApiResponse.error(ApiException.badRequest(e.getMessage(), ""));
    }
  }

  private ApiResponse route(String method, String path, byte[] body) {
    String key = method + " " + path;
    ApiResponse fixed =
        switch (key) {
          case "GET /__emulator/stats" -> ApiResponse.of(200, emulator.stats());
          case "GET /__emulator/customers" -> ApiResponse.of(200, emulator.customers());
          case "GET /__emulator/health" -> ApiResponse.of(200, Json.object().put("status", "ok"));
          case "GET /__emulator/faults" -> ApiResponse.of(200, emulator.faults().toJson());
          case "PUT /__emulator/faults" -> {
            // The JSON form, or the compact line the CLI's --faults takes (5xx=5%,429=2%).
            String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
            FaultSpec spec =
                text.startsWith("{") ? FaultSpec.fromJson(Json.parse(body)) : FaultSpec.parse(text);
            emulator.applyFaults(spec);
            yield ApiResponse.of(200, spec.toJson());
          }
          case "POST /__emulator/reset" -> {
            emulator.reset();
            yield ApiResponse.of(200, Json.object().put("reset", true));
          }
          case "GET /__emulator/limits" -> ApiResponse.of(200, emulator.limits());
          case "POST /__emulator/seed" ->
              ApiResponse.of(200, emulator.seedForControlApi(Json.parse(body)));
          case "PUT /__emulator/limits" -> putLimits(Json.parse(body));
          default -> null;
        };
    if (fixed != null) {
      return fixed;
    }
    if (method.equals("GET") && path.startsWith(KLASS_OBJECTS) && path.endsWith("/objects")) {
      String klass =
          Router.decode(
              path.substring(KLASS_OBJECTS.length(), path.length() - "/objects".length()));
      return ApiResponse.of(
          200, (com.fasterxml.jackson.databind.node.ObjectNode) emulator.objects(klass));
    }
    return new ApiResponse(
        404,
        ApiException.wrap(
            ApiException.jsonApiError(404, "not_found", "Not Found", "no control route " + key)),
        Map.of());
  }

  /**
   * Applies the settings given (any subset of {@link #LIMITS}), all or none: every value is checked
   * before any is applied.
   */
  private ApiResponse putLimits(JsonNode json) {
    if (!json.isObject()) {
      throw new IllegalArgumentException("limits must be a JSON object");
    }
    json.fieldNames()
        .forEachRemaining(
            name -> {
              if (!LIMITS.contains(name)) {
                throw new IllegalArgumentException(
                    "unknown limit '" + name + "'; known: " + String.join(", ", LIMITS));
              }
            });
    JsonNode current = emulator.limits();
    int rate = positive(json, current, "rateLimitPerMinute");
    int creates = positive(json, current, "customerCreatesPerMinute");
    int updates = positive(json, current, "objectUpdatesPerMinute");
    int searches = positive(json, current, "searchesPerMinute");
    long delay = notNegative(json, current, "bulkBatchDelayMs");
    long latency = notNegative(json, current, "bulkBatchLatencyMs");
    JsonNode replaces = json.path("kobjectPutReplaces");
    if (!replaces.isMissingNode() && !replaces.isBoolean()) {
      throw new IllegalArgumentException("kobjectPutReplaces must be true or false");
    }
    emulator.setRateLimit(rate);
    emulator.setObjectLimits(creates, updates);
    emulator.setSearchLimit(searches);
    emulator.setBulkTiming(Duration.ofMillis(delay), Duration.ofMillis(latency));
    emulator.setKObjectPutReplaces(
        replaces.isBoolean()
            ? replaces.asBoolean()
            : current.path("kobjectPutReplaces").asBoolean());
    return ApiResponse.of(200, emulator.limits());
  }

  private static int positive(JsonNode given, JsonNode current, String name) {
    JsonNode v = given.has(name) ? given.get(name) : current.get(name);
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() <= 0) {
      throw new IllegalArgumentException(name + " must be a positive integer, was " + v);
    }
    return v.asInt();
  }

  private static long notNegative(JsonNode given, JsonNode current, String name) {
    JsonNode v = given.has(name) ? given.get(name) : current.get(name);
    if (!v.isIntegralNumber() || v.asLong() < 0) {
      throw new IllegalArgumentException(name + " must be a non-negative integer, was " + v);
    }
    return v.asLong();
  }
}
