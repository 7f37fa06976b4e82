package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * An API error with the status and body Kustomer would send. Kustomer uses two error shapes
 * (docs/kustomer-api.md 7); the emulator sends both, as the real API does, so clients are exercised
 * on each: validation errors use {@code {code, message, meta}}, everything else the JSON:API object
 * {@code {status, code, title, detail, source}}.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient ObjectNode body;
  private final transient Map<String, String> headers;

  ApiException(int status, ObjectNode body, Map<String, String> headers) {
    super(status + " " + body, null, false, false);
    this.status = status;
    this.body = body;
    this.headers = Map.copyOf(headers);
  }

  int status() {
    return status;
  }

  ObjectNode body() {
    return body;
  }

  Map<String, String> headers() {
    return headers;
  }

  /** 400 in the {@code code/message/meta} shape, pointing at the offending field. */
  static ApiException badRequest(String message, String pointer) {
    ObjectNode error = Json.object().put("code", "bad_request").put("message", message);
    error.putObject("meta").put("pointer", pointer);
    return new ApiException(400, wrap(error), Map.of());
  }

  static ApiException notFound(String code, String detail) {
    return jsonApi(404, code, "Not Found", detail);
  }

  static ApiException conflict(String detail, String pointer) {
    ObjectNode error = jsonApiError(409, "duplicate", "Conflict", detail);
    error.putObject("source").put("pointer", pointer);
    return new ApiException(409, wrap(error), Map.of());
  }

  static ApiException jsonApi(int status, String code, String title, String detail) {
    return new ApiException(status, wrap(jsonApiError(status, code, title, detail)), Map.of());
  }

  static ObjectNode jsonApiError(int status, String code, String title, String detail) {
    return Json.object()
        .put("status", String.valueOf(status))
        .put("code", code)
        .put("title", title)
        .put("detail", detail);
  }

  static ObjectNode wrap(ObjectNode error) {
    ObjectNode body = Json.object();
    body.putArray("errors").add(error);
    return body;
  }
}
