package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * {@code /__emulator/*}: what tests, the demo and benchmarks use to observe and steer the emulator.
 * It needs no API key and spends no budget: it is not part of Kustomer's API.
 */
final class ControlApi {
  private static final String KLASS_OBJECTS = "/__emulator/klasses/";

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
          case "GET /__emulator/health" -> ApiResponse.of(200, Json.object().put("status", "ok"));
          case "GET /__emulator/faults" -> ApiResponse.of(200, emulator.faults().toJson());
          case "PUT /__emulator/faults" -> {
            FaultSpec spec = FaultSpec.fromJson(Json.parse(body));
            emulator.applyFaults(spec);
            yield ApiResponse.of(200, spec.toJson());
          }
          case "POST /__emulator/reset" -> {
            emulator.reset();
            yield ApiResponse.of(200, Json.object().put("reset", true));
          }
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

  private ApiResponse putLimits(JsonNode json) {
    if (json.has("rateLimitPerMinute")) {
      int limit = json.get("rateLimitPerMinute").asInt();
      if (limit <= 0) {
        throw new IllegalArgumentException("rateLimitPerMinute must be positive");
      }
      emulator.setRateLimit(limit);
    }
    if (json.has("customerCreatesPerMinute") || json.has("objectUpdatesPerMinute")) {
      EmulatorConfig c = emulator.config();
      emulator.setObjectLimits(
          json.path("customerCreatesPerMinute").asInt(c.customerCreatesPerMinute()),
          json.path("objectUpdatesPerMinute").asInt(c.objectUpdatesPerMinute()));
    }
    return ApiResponse.of(200, emulator.stats());
  }
}
