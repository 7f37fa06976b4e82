package dev.kobjectingest.kustomer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.kobjectingest.support.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Kustomer's REST API over {@code java.net.http}: one client per base URL (org host, or regional
 * host), with connection reuse, timeouts and the bearer key. It sends exactly what it is given and
 * classifies nothing; callers decide with {@link Outcome#classify}.
 */
public final class KustomerClient {
  private static final ObjectMapper JSON = Json.PLAIN;

  private final HttpClient http;
  private final URI base;
  private final ApiKey key;
  private final Duration requestTimeout;

  public KustomerClient(URI base, ApiKey key, Duration connectTimeout, Duration requestTimeout) {
    this.base = base;
    this.key = key;
    this.requestTimeout = requestTimeout;
    // HTTP/1.1: Kustomer is HTTPS in production; on plain http an h2c upgrade attempt is only
    // noise.
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .build();
  }

  public URI base() {
    return base;
  }

  /**
   * Sends one request and waits for its response.
   *
   * @throws IOException when no response arrived (connection refused or reset, timeout)
   */
  public KustomerResponse send(String method, String path, JsonNode body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(requestTimeout)
            .header("Authorization", key.bearer())
            .header("Accept", "application/json")
            .header("User-Agent", "kobject-ingest");
    if (body != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new KustomerResponse(
        r.statusCode(),
        parse(r.body()),
        r.body(),
        header(r, "x-ratelimit-limit"),
        header(r, "x-ratelimit-remaining"),
        header(r, "x-ratelimit-reset"));
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }

  private static OptionalLong header(HttpResponse<?> r, String name) {
    return r.headers()
        .firstValue(name)
        .map(
            v -> {
              try {
                return OptionalLong.of(Long.parseLong(v.trim()));
              } catch (NumberFormatException e) {
                return OptionalLong.empty();
              }
            })
        .orElse(OptionalLong.empty());
  }
}
