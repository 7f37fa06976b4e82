package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plain HTTP client for tests, recording every exchange so a contract test can check all of them.
 */
final class EmulatorHttp {
  static final ObjectMapper MAPPER = new ObjectMapper();

  /** One finished exchange. */
  record Exchange(
      String method,
      String path,
      String requestBody,
      Map<String, List<String>> requestHeaders,
      int status,
      Map<String, List<String>> headers,
      String body) {

    JsonNode json() {
      try {
        return body.isEmpty() ? MAPPER.nullNode() : MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("response is not JSON: " + body, e);
      }
    }

    Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .findFirst();
    }

    JsonNode data() {
      return json().path("data");
    }
  }

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI base;
  private final String apiKey;
  private final List<Exchange> recorded = Collections.synchronizedList(new ArrayList<>());

  EmulatorHttp(URI base, String apiKey) {
    this.base = base;
    this.apiKey = apiKey;
  }

  EmulatorHttp(KustomerEmulator emulator) {
    this(emulator.baseUrl(), emulator.config().apiKey());
  }

  List<Exchange> recorded() {
    return List.copyOf(recorded);
  }

  Exchange get(String path) {
    return send("GET", path, null, apiKey);
  }

  Exchange delete(String path) {
    return send("DELETE", path, null, apiKey);
  }

  Exchange post(String path, Object body) {
    return send("POST", path, body, apiKey);
  }

  Exchange put(String path, Object body) {
    return send("PUT", path, body, apiKey);
  }

  Exchange patch(String path, Object body) {
    return send("PATCH", path, body, apiKey);
  }

  /**
   * Sends with an explicit key (null for none). Body: a JSON string, a Jackson node or a Map/List.
   */
  Exchange send(String method, String path, Object body, String key) {
    try {
      String text =
          body == null ? null : body instanceof String s ? s : MAPPER.writeValueAsString(body);
      HttpRequest.Builder b =
          HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
      if (key != null) {
        b.header("Authorization", "Bearer " + key);
      }
      if (text != null) {
        b.header("Content-Type", "application/json");
        b.method(method, HttpRequest.BodyPublishers.ofString(text));
      } else {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpRequest request = b.build();
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      Exchange ex =
          new Exchange(
              method,
              path,
              text,
              request.headers().map(),
              r.statusCode(),
              r.headers().map(),
              r.body());
      recorded.add(ex);
      return ex;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends and returns the I/O failure instead of a response, for the dropped-connection fault. */
  IOException sendExpectingFailure(String method, String path, Object body) {
    try {
      send(method, path, body, apiKey);
      return null;
    } catch (java.io.UncheckedIOException e) {
      return e.getCause();
    }
  }
}
