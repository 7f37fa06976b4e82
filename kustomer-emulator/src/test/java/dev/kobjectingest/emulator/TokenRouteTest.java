package dev.kobjectingest.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/auth/tokens/current}, the key check (DEVIATIONS.md D7). */
class TokenRouteTest {
  private static KustomerEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = KustomerEmulator.start(EmulatorConfig.defaults());
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void theConfiguredKeyIsDescribedAndCountedInTheBudget() {
    long before = emulator.stats().path("requests").asLong();

    var r = new EmulatorHttp(emulator).get("/v1/auth/tokens/current");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.data().path("type").asText()).isEqualTo("token");
    assertThat(r.data().path("id").asText()).isNotBlank();
    assertThat(r.header("x-ratelimit-remaining")).isPresent();
    assertThat(emulator.stats().path("requests").asLong()).isEqualTo(before + 1);
  }

  @Test
  void anyOtherKeyOrNoneIs401() {
    EmulatorHttp http = new EmulatorHttp(emulator);

    assertThat(http.send("GET", "/v1/auth/tokens/current", null, "not-the-key").status())
        .isEqualTo(401);
    assertThat(http.send("GET", "/v1/auth/tokens/current", null, null).status()).isEqualTo(401);
  }
}
