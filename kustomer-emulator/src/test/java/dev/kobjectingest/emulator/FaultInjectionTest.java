package dev.kobjectingest.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {
  private static KustomerEmulator emulator;
  private EmulatorHttp http;

  @BeforeAll
  static void start() {
    emulator = KustomerEmulator.start(EmulatorConfig.defaults().withRateLimitPerMinute(1_000_000));
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
  }

  private Map<Integer, Integer> statuses(int requests) {
    Map<Integer, Integer> counts = new HashMap<>();
    for (int i = 0; i < requests; i++) {
      counts.merge(http.get("/v1/klasses").status(), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void serverErrorsComeAtTheConfiguredShareWithoutRateLimitHeaders() {
    emulator.applyFaults(FaultSpec.parse("5xx=20%,seed=3"));

    Map<Integer, Integer> counts = statuses(1000);

    int errors =
        counts.getOrDefault(500, 0) + counts.getOrDefault(502, 0) + counts.getOrDefault(503, 0);
    assertThat(errors).isBetween(150, 250);
    assertThat(counts.keySet()).contains(500, 502, 503);
    assertThat(emulator.stats().path("faultsInjected").path("5xx").asInt()).isEqualTo(errors);
  }

  @Test
  void injected429sLookLikeAnExhaustedOrgBudget() {
    emulator.applyFaults(FaultSpec.parse("429=100%"));

    var r = http.get("/v1/klasses");

    assertThat(r.status()).isEqualTo(429);
    assertThat(r.header("x-ratelimit-remaining")).contains("0");
    long reset = Long.parseLong(r.header("x-ratelimit-reset").orElseThrow());
    assertThat(reset)
        .isBetween(System.currentTimeMillis() / 1000, System.currentTimeMillis() / 1000 + 5);
    assertThat(emulator.stats().path("throttled").asInt()).isEqualTo(1);
  }

  @Test
  void slowResponsesAreDelayedWithinTheRange() {
    emulator.applyFaults(FaultSpec.parse("slow=100%:150-200ms"));

    long start = System.nanoTime();
    assertThat(http.get("/v1/klasses").status()).isEqualTo(200);
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(millis).isGreaterThanOrEqualTo(150);
  }

  @Test
  void aDroppedConnectionHappensAfterTheWriteWasApplied() {
    emulator.applyFaults(FaultSpec.parse("drop=100%"));

    IOException failure =
        http.sendExpectingFailure(
            "POST", "/v1/klasses/order", Map.of("title", "o", "externalId", "D-1"));

    assertThat(failure).isNotNull();
    emulator.applyFaults(FaultSpec.none());
    // The client saw nothing, yet the object exists: a retry must look it up rather than create
    // again.
    assertThat(http.get("/v1/klasses/order/externalId=D-1").status()).isEqualTo(200);
    assertThat(emulator.stats().path("dropped").asInt()).isEqualTo(1);
  }

  @Test
  void anOutageAnswers503ForItsWindowThenRecovers() {
    emulator.applyFaults(FaultSpec.parse("outage=300ms@0s"));

    assertThat(http.get("/v1/klasses").status()).isEqualTo(503);
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(5))
        .until(() -> http.get("/v1/klasses").status() == 200);
    assertThat(emulator.stats().path("faultsInjected").path("outage").asInt()).isPositive();
  }

  @Test
  void chosenExternalIdsAlwaysFailWithAPermanent400() {
    emulator.applyFaults(FaultSpec.parse("reject=AB-1|AB-2"));

    var rejected = http.post("/v1/klasses/order", Map.of("title", "o", "externalId", "AB-2"));
    var accepted = http.post("/v1/klasses/order", Map.of("title", "o", "externalId", "AB-3"));

    assertThat(rejected.status()).isEqualTo(400);
    assertThat(rejected.json().path("errors").path(0).path("code").asText())
        .isEqualTo("bad_request");
    assertThat(accepted.status()).isEqualTo(201);
  }

  @Test
  void faultsAreSetAndReadThroughTheControlApi() {
    var put =
        http.send(
            "PUT",
            "/__emulator/faults",
            Map.of(
                "error5xx",
                0.05,
                "tooManyRequests",
                0.02,
                "slow",
                Map.of("probability", 0.1, "minMs", 10, "maxMs", 20)),
            null);

    assertThat(put.status()).isEqualTo(200);
    assertThat(
            http.send("GET", "/__emulator/faults", null, null).json().path("error5xx").asDouble())
        .isEqualTo(0.05);
    assertThat(emulator.faults().slowMaxMillis()).isEqualTo(20);
    assertThat(http.send("PUT", "/__emulator/faults", Map.of("bogus", 1), null).status())
        .isEqualTo(400);
    assertThat(http.send("POST", "/__emulator/reset", null, null).status()).isEqualTo(200);
    assertThat(emulator.faults().isNone()).isTrue();
  }

  @Test
  void statsAndObjectsAreServedAsTheDesignSays() {
    http.post("/v1/klasses/order", Map.of("title", "o", "externalId", "S-1"));

    var stats = http.send("GET", "/__emulator/stats", null, null).json();
    var objects = http.send("GET", "/__emulator/klasses/order/objects", null, null).json();

    for (String field :
        new String[] {
          "requests",
          "throttled",
          "byStatus",
          "byOperation",
          "customers",
          "kobjects",
          "duplicateKObjects",
          "duplicateCustomers",
          "peakRequestsPerMinute",
          "searches",
          "searchThrottled",
          "customerUpdates",
          "kobjectUpdates"
        }) {
      assertThat(stats.has(field)).as(field).isTrue();
    }
    assertThat(stats.path("byOperation").path("POST /v1/klasses/{name}").asInt()).isEqualTo(1);
    assertThat(stats.path("byStatus").path("201").asInt()).isEqualTo(1);
    assertThat(objects.path("data").path(0).path("attributes").path("externalId").asText())
        .isEqualTo("S-1");
  }
}
