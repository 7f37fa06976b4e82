package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Status, JSON body (null for none) and extra headers of one response. */
record ApiResponse(int status, ObjectNode body, Map<String, String> headers) {
  static ApiResponse of(int status, ObjectNode body) {
    return new ApiResponse(status, body, Map.of());
  }

  static ApiResponse noContent() {
    return new ApiResponse(204, null, Map.of());
  }

  static ApiResponse error(ApiException e) {
    return new ApiResponse(e.status(), e.body(), e.headers());
  }
}
