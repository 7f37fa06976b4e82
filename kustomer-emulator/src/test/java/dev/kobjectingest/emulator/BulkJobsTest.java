package dev.kobjectingest.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
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

  @Test
  void withABatchLatencyAJobOfFourBatchesTakesFourLatenciesAndCompletesBatchByBatch() {
    long latencyMs = 300;
    try (KustomerEmulator slow =
        KustomerEmulator.start(
            EmulatorConfig.defaults()
                .withBulk(25, Duration.ZERO)
                .withBulkBatchLatency(Duration.ofMillis(latencyMs)))) {
      EmulatorHttp slowHttp = new EmulatorHttp(slow);
      slowHttp.post("/v1/klasses", Map.of("name", "order"));
      List<Map<String, Object>> items = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        items.add(Map.of("title", "Order " + i, "externalId", "L-" + i));
      }
      long start = System.nanoTime();

      var accepted = slowHttp.post("/v1/klasses/order/bulk", items);

      assertThat(accepted.data().path("attributes").path("status").asText()).isEqualTo("queued");
      String jobId = accepted.data().path("id").asText();
      List<String> seen = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                JsonNode job = slowHttp.get("/v1/bulk/" + jobId).data().path("attributes");
                seen.add(
                    job.path("status").asText()
                        + ":"
                        + job.path("batches").path("complete").asInt());
                return job.path("completed").asBoolean();
              });
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;

      assertThat(elapsedMs).isGreaterThanOrEqualTo(4 * latencyMs);
      // Batches complete one by one: the job runs with some batches done and some not.
      assertThat(seen).anyMatch(s -> s.matches("running:[123]"));
      assertThat(seen).last().isEqualTo("complete:4");
      JsonNode batches = slowHttp.get("/v1/bulk/" + jobId + "/batches").data();
      for (int i = 1; i < 4; i++) {
        Instant previous =
            Instant.parse(batches.path(i - 1).path("attributes").path("completedAt").asText());
        Instant next =
            Instant.parse(batches.path(i).path("attributes").path("completedAt").asText());
        assertThat(Duration.between(previous, next).toMillis())
            .isGreaterThanOrEqualTo(latencyMs - 1);
      }
      assertThat(slow.stats().path("kobjects").path("order").asInt()).isEqualTo(100);
    }
  }

  @Test
  void whileABatchTakesItsLatencyItShowsScheduledAndItsItemsAreNotYetWritten() {
    try (KustomerEmulator slow =
        KustomerEmulator.start(
            EmulatorConfig.defaults()
                .withBulk(25, Duration.ZERO)
                .withBulkBatchLatency(Duration.ofSeconds(30)))) {
      EmulatorHttp slowHttp = new EmulatorHttp(slow);
      slowHttp.post("/v1/klasses", Map.of("name", "order"));

      String jobId =
          slowHttp
              .post("/v1/klasses/order/bulk", List.of(Map.of("title", "o", "externalId", "S-1")))
              .data()
              .path("id")
              .asText();

      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  slowHttp
                      .get("/v1/bulk/" + jobId)
                      .data()
                      .path("attributes")
                      .path("status")
                      .asText()
                      .equals("running"));
      var batch = slowHttp.get("/v1/bulk/" + jobId + "/batches").data().path(0).path("attributes");
      assertThat(batch.path("status").asText()).isEqualTo("scheduled");
      assertThat(batch.has("completedAt")).isFalse();
      assertThat(slowHttp.get("/v1/klasses/order/externalId=S-1").status()).isEqualTo(404);
    }
  }
}
