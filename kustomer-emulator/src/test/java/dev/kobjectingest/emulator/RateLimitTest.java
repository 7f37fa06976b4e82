package dev.kobjectingest.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RateLimitTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
  private KustomerEmulator emulator;
  private EmulatorHttp http;

  @BeforeEach
  void start() {
    emulator =
        KustomerEmulator.start(
            EmulatorConfig.defaults()
                .withClock(clock)
                .withRateLimitPerMinute(10)
                .withObjectLimits(3, 2));
    http = new EmulatorHttp(emulator);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void everyResponseCarriesTheBudgetAndTheOverflowIs429WithAResetTime() {
    for (int i = 1; i <= 10; i++) {
      var r = http.get("/v1/klasses");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("x-ratelimit-limit")).contains("10");
      assertThat(r.header("x-ratelimit-remaining")).contains(String.valueOf(10 - i));
      clock.advance(Duration.ofSeconds(1));
    }

    var throttled = http.get("/v1/klasses");

    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.header("x-ratelimit-remaining")).contains("0");
    // The first request leaves the rolling window 60 s after it was made: 10:01:00.
    assertThat(throttled.header("x-ratelimit-reset"))
        .contains(String.valueOf(Instant.parse("2026-11-23T10:01:00Z").getEpochSecond()));
    assertThat(throttled.json().path("errors").path(0).path("code").asText())
        .isEqualTo("too_many_requests");
  }

  @Test
  void theBudgetIsARollingWindowNotAnAlignedMinute() {
    for (int i = 0; i < 10; i++) {
      assertThat(http.get("/v1/klasses").status()).isEqualTo(200);
    }
    clock.advance(Duration.ofSeconds(59));
    assertThat(http.get("/v1/klasses").status()).isEqualTo(429);
    clock.advance(Duration.ofSeconds(1));
    assertThat(http.get("/v1/klasses").status()).isEqualTo(200);

    var stats = emulator.stats();
    assertThat(stats.path("peakAcceptedPerMinute").asInt()).isEqualTo(10);
    // Rejected requests count in the busiest minute: a 429 storm is visible there.
    assertThat(stats.path("peakRequestsPerMinute").asInt()).isEqualTo(11);
    assertThat(stats.path("throttled").asInt()).isEqualTo(1);
  }

  @Test
  void theBudgetIsSharedByEveryClientOfTheOrg() {
    EmulatorHttp other = new EmulatorHttp(emulator);
    for (int i = 0; i < 5; i++) {
      http.get("/v1/klasses");
      other.get("/v1/klasses");
    }
    assertThat(other.get("/v1/klasses").status()).isEqualTo(429);
    assertThat(http.get("/v1/klasses").status()).isEqualTo(429);
  }

  @Test
  void perCustomerCreatesAre429WhileTheOrgBudgetHasRoomAndImportedAtBypassesThem() {
    emulator.setRateLimit(1000);
    http.post("/v1/klasses", Map.of("name", "order"));
    String busy =
        http.post("/v1/customers", Map.of("externalId", "busy")).data().path("id").asText();
    String calm =
        http.post("/v1/customers", Map.of("externalId", "calm")).data().path("id").asText();
    for (int i = 0; i < 3; i++) {
      assertThat(
              http.post("/v1/customers/" + busy + "/klasses/order", Map.of("title", "o" + i))
                  .status())
          .isEqualTo(201);
    }

    var limited = http.post("/v1/customers/" + busy + "/klasses/order", Map.of("title", "o4"));

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.json().path("errors").path(0).path("code").asText())
        .isEqualTo("object_rate_limited");
    assertThat(Integer.parseInt(limited.header("x-ratelimit-remaining").orElseThrow()))
        .isPositive();
    assertThat(http.post("/v1/customers/" + calm + "/klasses/order", Map.of("title", "c")).status())
        .isEqualTo(201);
    assertThat(
            http.post(
                    "/v1/customers/" + busy + "/klasses/order",
                    Map.of("title", "imported", "importedAt", "2026-01-01T00:00:00Z"))
                .status())
        .isEqualTo(201);
    clock.advance(Duration.ofSeconds(60));
    assertThat(
            http.post("/v1/customers/" + busy + "/klasses/order", Map.of("title", "later"))
                .status())
        .isEqualTo(201);
  }

  @Test
  void perObjectUpdatesAre429ForThatObjectOnly() {
    emulator.setRateLimit(1000);
    http.post("/v1/klasses", Map.of("name", "order"));
    String a = http.post("/v1/klasses/order", Map.of("title", "a")).data().path("id").asText();
    String b = http.post("/v1/klasses/order", Map.of("title", "b")).data().path("id").asText();
    assertThat(http.put("/v1/klasses/order/" + a, Map.of("title", "a1")).status()).isEqualTo(200);
    assertThat(http.put("/v1/klasses/order/" + a, Map.of("title", "a2")).status()).isEqualTo(200);

    var limited = http.put("/v1/klasses/order/" + a, Map.of("title", "a3"));

    assertThat(limited.status()).isEqualTo(429);
    assertThat(Integer.parseInt(limited.header("x-ratelimit-remaining").orElseThrow()))
        .isPositive();
    assertThat(http.put("/v1/klasses/order/" + b, Map.of("title", "b1")).status()).isEqualTo(200);
    String customer =
        http.post("/v1/customers", Map.of("externalId", "c")).data().path("id").asText();
    http.patch("/v1/customers/" + customer, Map.of("locale", "en"));
    http.patch("/v1/customers/" + customer, Map.of("locale", "fr"));
    assertThat(http.patch("/v1/customers/" + customer, Map.of("locale", "de")).status())
        .isEqualTo(429);
  }

  @Test
  void searchesHaveTheirOwnBudgetBesidesTheOrgs() {
    emulator.setSearchLimit(3);
    Map<String, Object> search =
        Map.of("and", Map.of("customer_externalId", Map.of("equals", "c-1")));
    for (int i = 0; i < 3; i++) {
      var r = http.post("/v1/customers/search", search);
      assertThat(r.status()).isEqualTo(200);
      // A successful search shows the org budget, which it also spends.
      assertThat(r.header("x-ratelimit-limit")).contains("10");
      assertThat(r.header("x-ratelimit-remaining")).contains(String.valueOf(9 - i));
      clock.advance(Duration.ofSeconds(1));
    }

    var throttled = http.post("/v1/customers/search", search);

    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.json().path("errors").path(0).path("code").asText())
        .isEqualTo("search_rate_limited");
    // The refusal's headers describe the search budget: the first search leaves it at 10:01:00.
    assertThat(throttled.header("x-ratelimit-limit")).contains("3");
    assertThat(throttled.header("x-ratelimit-remaining")).contains("0");
    assertThat(throttled.header("x-ratelimit-reset"))
        .contains(String.valueOf(Instant.parse("2026-11-23T10:01:00Z").getEpochSecond()));
    // Other requests go on, and the refused search spent no org budget.
    var other = http.get("/v1/klasses");
    assertThat(other.status()).isEqualTo(200);
    assertThat(other.header("x-ratelimit-remaining")).contains("6");
    var stats = emulator.stats();
    assertThat(stats.path("searches").asInt()).isEqualTo(3);
    assertThat(stats.path("searchThrottled").asInt()).isEqualTo(1);
    assertThat(stats.path("throttled").asInt()).isEqualTo(1);
    assertThat(stats.path("searchesPerMinute").asInt()).isEqualTo(3);

    clock.advance(Duration.ofSeconds(57));
    assertThat(http.post("/v1/customers/search", search).status()).isEqualTo(200);
  }

  @Test
  void aSearchTheOrgBudgetRefusesSpendsNoSearch() {
    emulator.setRateLimit(2);
    emulator.setSearchLimit(1);
    Map<String, Object> search =
        Map.of("and", Map.of("customer_externalId", Map.of("equals", "c-1")));
    http.get("/v1/klasses");
    http.get("/v1/klasses");
    clock.advance(Duration.ofSeconds(59));

    var refused = http.post("/v1/customers/search", search);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json().path("errors").path(0).path("code").asText())
        .isEqualTo("too_many_requests");

    // The org budget frees a second later; the search budget (1) would still be full until
    // 10:01:59 had the refused search been counted.
    clock.advance(Duration.ofSeconds(1));
    assertThat(http.post("/v1/customers/search", search).status()).isEqualTo(200);
    assertThat(emulator.stats().path("searches").asInt()).isEqualTo(1);
    assertThat(emulator.stats().path("searchThrottled").asInt()).isZero();
  }
}
