package dev.kobjectingest.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BulkJobsTest {
  private static KustomerEmulator emulator;
  private EmulatorHttp http;
  private String customerId;

  @BeforeAll
  static void start() {
    emulator =
        KustomerEmulator.start(EmulatorConfig.defaults().withBulk(25, Duration.ofMillis(50)));
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.reset();
    http = new EmulatorHttp(emulator);
    http.post("/v1/klasses", Map.of("name", "order"));
    customerId = http.post("/v1/customers", Map.of("externalId", "c-1")).data().path("id").asText();
  }

  private JsonNode awaitComplete(String jobId) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                http.get("/v1/bulk/" + jobId)
                    .data()
                    .path("attributes")
                    .path("completed")
                    .asBoolean());
    return http.get("/v1/bulk/" + jobId + "/batches").data();
  }

  @Test
  void aJobIsQueuedThenCompletesWithPerItemResultsKeyedByClientRef() {
    List<Map<String, Object>> items = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Map<String, Object> item = new HashMap<>();
      item.put("_clientRef", "ref-" + i);
      item.put("externalId", "B-" + i);
      item.put("customer", customerId);
      item.put("importedAt", "2026-01-01T00:00:00Z");
      // Two items are invalid: they must fail alone, the others succeed.
      item.put("title", i == 7 ? "t".repeat(300) : "Order " + i);
      if (i == 42) {
        item.put("custom", Map.of("total", 1));
      }
      items.add(item);
    }
    long before = emulator.stats().path("requests").asLong();

    var accepted = http.post("/v1/klasses/order/bulk", items);

    assertThat(accepted.status()).isEqualTo(201);
    var attrs = accepted.data().path("attributes");
    assertThat(attrs.path("status").asText()).isEqualTo("queued");
    assertThat(attrs.path("completed").asBoolean()).isFalse();
    assertThat(attrs.path("batches").path("total").asInt()).isEqualTo(3);
    assertThat(emulator.stats().path("requests").asLong() - before).isEqualTo(1);

    JsonNode batches = awaitComplete(accepted.data().path("id").asText());
    Map<String, JsonNode> byRef = new HashMap<>();
    int success = 0;
    int failure = 0;
    for (JsonNode batch : batches) {
      assertThat(batch.path("attributes").path("status").asText()).isEqualTo("complete");
      success += batch.path("attributes").path("successCount").asInt();
      failure += batch.path("attributes").path("failureCount").asInt();
      batch
          .path("attributes")
          .path("results")
          .forEach(r -> byRef.put(r.path("_clientRef").asText(), r));
    }
    assertThat(success).isEqualTo(58);
    assertThat(failure).isEqualTo(2);
    assertThat(byRef).hasSize(60);
    assertThat(byRef.get("ref-7").path("status").asText()).isEqualTo("error");
    assertThat(byRef.get("ref-7").path("statusCode").asInt()).isEqualTo(400);
    assertThat(byRef.get("ref-42").path("error").asText()).contains("total");
    String createdId = byRef.get("ref-0").path("objectId").asText();
    assertThat(byRef.get("ref-0").path("status").asText()).isEqualTo("created");
    assertThat(http.get("/v1/klasses/order/externalId=B-0").data().path("id").asText())
        .isEqualTo(createdId);
    assertThat(emulator.stats().path("kobjects").path("order").asInt()).isEqualTo(58);
  }

  @Test
  void bulkUpdatesApplyByIdAndReportUnknownIds() {
    String id =
        http.post("/v1/klasses/order", Map.of("title", "o", "externalId", "U-1"))
            .data()
            .path("id")
            .asText();

    var accepted =
        http.put(
            "/v1/klasses/order/bulk",
            List.of(
                Map.of("_clientRef", "a", "id", id, "custom", Map.of("statusStr", "shipped")),
                Map.of("_clientRef", "b", "id", "ffffffffffffffffffffffff", "title", "x")));
    JsonNode results =
        awaitComplete(accepted.data().path("id").asText())
            .path(0)
            .path("attributes")
            .path("results");

    assertThat(results.path(0).path("status").asText()).isEqualTo("updated");
    assertThat(results.path(1).path("status").asText()).isEqualTo("error");
    assertThat(results.path(1).path("statusCode").asInt()).isEqualTo(404);
    assertThat(
            http.get("/v1/klasses/order/" + id)
                .data()
                .path("attributes")
                .path("custom")
                .path("statusStr")
                .asText())
        .isEqualTo("shipped");
  }

  @Test
  void customerBulkCreateReportsDuplicatesPerItem() {
    var accepted =
        http.post(
            "/v1/customers/bulk",
            List.of(
                Map.of("_clientRef", "1", "externalId", "new-1"),
                Map.of("_clientRef", "2", "externalId", "c-1"),
                Map.of("_clientRef", "3", "externalId", "new-1")));
    JsonNode results =
        awaitComplete(accepted.data().path("id").asText())
            .path(0)
            .path("attributes")
            .path("results");

    assertThat(results.path(0).path("status").asText()).isEqualTo("created");
    assertThat(results.path(1).path("statusCode").asInt()).isEqualTo(409);
    assertThat(results.path(2).path("statusCode").asInt()).isEqualTo(409);
    assertThat(emulator.stats().path("customers").asInt()).isEqualTo(2);
  }

  @Test
  void theEnvelopeIsValidatedUpFront() {
    List<Map<String, Object>> tooMany = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      tooMany.add(Map.of("title", "o" + i));
    }
    assertThat(http.post("/v1/klasses/order/bulk", tooMany).status()).isEqualTo(400);
    assertThat(http.post("/v1/klasses/order/bulk", List.of()).status()).isEqualTo(400);
    assertThat(http.post("/v1/klasses/order/bulk", Map.of("title", "not an array")).status())
        .isEqualTo(400);
    assertThat(
            http.post(
                    "/v1/klasses/order/bulk",
                    List.of(Map.of("title", "a", "_clientRef", "x"), Map.of("title", "b")))
                .status())
        .isEqualTo(400);
    assertThat(
            http.post(
                    "/v1/klasses/order/bulk",
                    List.of(
                        Map.of("title", "a", "_clientRef", "x"),
                        Map.of("title", "b", "_clientRef", "x")))
                .status())
        .isEqualTo(400);
    assertThat(http.post("/v1/klasses/missing/bulk", List.of(Map.of("title", "a"))).status())
        .isEqualTo(404);
    assertThat(http.get("/v1/bulk/ffffffffffffffffffffffff").status()).isEqualTo(404);
  }
}
