package dev.kobjectingest.kustomer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.OptionalLong;

/**
 * A Kustomer response: status, body (a missing node when none or not JSON) and the rate-limit
 * headers.
 *
 * @param rawBody the body as received, for dead letters (it carries Kustomer's error, never our
 *     key)
 */
public record KustomerResponse(
    int status,
    JsonNode body,
    String rawBody,
    OptionalLong limit,
    OptionalLong remaining,
    OptionalLong reset) {

  public KustomerResponse {
    body = body == null ? MissingNode.getInstance() : body;
  }

  public static KustomerResponse of(int status, JsonNode body) {
    return new KustomerResponse(
        status,
        body == null ? MissingNode.getInstance() : body,
        body == null ? "" : body.toString(),
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalLong.empty());
  }

  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /** The id of a single-resource response ({@code data.id}), or null. */
  public String id() {
    JsonNode id = body.path("data").path("id");
    return id.isTextual() ? id.asText() : null;
  }

  /** Kustomer's error code from either error shape ({@code errors[0].code}), or "". */
  public String errorCode() {
    return body.path("errors").path(0).path("code").asText("");
  }

  /**
   * A one-line error text from either error shape: {@code message}, else {@code detail}, else
   * {@code title}.
   */
  public String errorText() {
    JsonNode e = body.path("errors").path(0);
    for (String f : new String[] {"message", "detail", "title"}) {
      if (e.hasNonNull(f) && !e.get(f).asText().isBlank()) {
        return e.get(f).asText();
      }
    }
    return "HTTP " + status;
  }
}
