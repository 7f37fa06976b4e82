package dev.kobjectingest.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControlApiTest {
  private KustomerEmulator emulator;
  private EmulatorHttp http;

  @BeforeEach
  void start() {
    emulator = KustomerEmulator.start(EmulatorConfig.defaults());
    http = new EmulatorHttp(emulator);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private EmulatorHttp.Exchange control(String method, String path, Object body) {
    return http.send(method, path, body, null);
  }

  @Test
  void limitsShowTheConfiguredDefaults() {
    JsonNode limits = control("GET", "/__emulator/limits", null).json();

    assertThat(limits.path("rateLimitPerMinute").asInt()).isEqualTo(1000);
    assertThat(limits.path("customerCreatesPerMinute").asInt()).isEqualTo(120);
    assertThat(limits.path("objectUpdatesPerMinute").asInt()).isEqualTo(60);
    assertThat(limits.path("searchesPerMinute").asInt()).isEqualTo(100);
    assertThat(limits.path("bulkBatchSize").asInt()).isEqualTo(25);
    assertThat(limits.path("bulkBatchDelayMs").asInt()).isEqualTo(20);
    assertThat(limits.path("bulkBatchLatencyMs").asInt()).isZero();
    assertThat(limits.path("kobjectPutReplaces").asBoolean()).isFalse();
  }

  @Test
  void limitsChangeARunningEmulator() {
    var put =
        control(
            "PUT",
            "/__emulator/limits",
            Map.of(
                "searchesPerMinute",
                1,
                "bulkBatchDelayMs",
                0,
                "bulkBatchLatencyMs",
                250,
                "kobjectPutReplaces",
                true));

    assertThat(put.status()).isEqualTo(200);
    assertThat(put.json().path("bulkBatchLatencyMs").asInt()).isEqualTo(250);
    assertThat(put.json().path("rateLimitPerMinute").asInt()).isEqualTo(1000);
    // Searches: the second in the minute is refused.
    Map<String, Object> search =
        Map.of("and", Map.of("customer_externalId", Map.of("equals", "x")));
    assertThat(http.post("/v1/customers/search", search).status()).isEqualTo(200);
    assertThat(http.post("/v1/customers/search", search).status()).isEqualTo(429);
    // KObject PUT replaces custom.
    http.post("/v1/klasses", Map.of("name", "order"));
    String id =
        http.post(
                "/v1/klasses/order",
                Map.of("title", "o", "custom", Map.of("aStr", "a", "bStr", "b")))
            .data()
            .path("id")
            .asText();
    var replaced = http.put("/v1/klasses/order/" + id, Map.of("custom", Map.of("aStr", "A")));
    assertThat(replaced.data().path("attributes").path("custom").has("bStr")).isFalse();
    // A one-batch bulk job takes the latency.
    long start = System.nanoTime();
    String job =
        http.post("/v1/klasses/order/bulk", List.of(Map.of("title", "b")))
            .data()
            .path("id")
            .asText();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                http.get("/v1/bulk/" + job)
                    .data()
                    .path("attributes")
                    .path("completed")
                    .asBoolean());
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(250);
  }

  @Test
  void badLimitsAreRefusedAndNoneIsApplied() {
    for (Map<String, Object> bad :
        List.<Map<String, Object>>of(
            Map.of("searchesPerMinute", 5, "bulkJobLatencyMs", 100),
            Map.of("searchesPerMinute", 5, "rateLimitPerMinute", 0),
            Map.of("searchesPerMinute", 5, "bulkBatchLatencyMs", -1),
            Map.of("searchesPerMinute", 5, "kobjectPutReplaces", "yes"),
            Map.of("searchesPerMinute", "5"))) {
      var r = control("PUT", "/__emulator/limits", bad);
      assertThat(r.status()).as(bad.toString()).isEqualTo(400);
    }
    assertThat(control("GET", "/__emulator/limits", null).json().path("searchesPerMinute").asInt())
        .isEqualTo(100);
  }
}
