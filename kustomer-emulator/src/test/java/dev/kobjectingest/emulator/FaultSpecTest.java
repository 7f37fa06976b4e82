package dev.kobjectingest.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FaultSpecTest {
  @Test
  void parsesTheCompactLineForm() {
    FaultSpec spec =
        FaultSpec.parse(
            "5xx=5%,429=0.02,drop=1%,slow=10%:200-800ms,latency=50ms,outage=30s@10s,reject=AB-1|AB-2,seed=7");

    assertThat(spec.error5xx()).isEqualTo(0.05);
    assertThat(spec.tooManyRequests()).isEqualTo(0.02);
    assertThat(spec.drop()).isEqualTo(0.01);
    assertThat(spec.slow()).isEqualTo(0.10);
    assertThat(spec.slowMinMillis()).isEqualTo(200);
    assertThat(spec.slowMaxMillis()).isEqualTo(800);
    assertThat(spec.latencyMinMillis()).isEqualTo(50);
    assertThat(spec.latencyMaxMillis()).isEqualTo(50);
    assertThat(spec.outageDurationMillis()).isEqualTo(30_000);
    assertThat(spec.outageStartAfterMillis()).isEqualTo(10_000);
    assertThat(spec.rejectExternalIds()).containsExactlyInAnyOrder("AB-1", "AB-2");
    assertThat(spec.seed()).isEqualTo(7);
  }

  @Test
  void roundTripsThroughJson() {
    FaultSpec spec = FaultSpec.parse("5xx=5%,slow=10%:1s-2s,outage=1m,reject=X");

    assertThat(FaultSpec.fromJson(spec.toJson())).isEqualTo(spec);
  }

  @Test
  void emptyAndNoneMeanNoFaults() {
    assertThat(FaultSpec.parse("").isNone()).isTrue();
    assertThat(FaultSpec.parse("none").isNone()).isTrue();
  }

  /** A fault asked for and silently not injected makes a test pass for the wrong reason. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "{\"error5xx\":\"50%\"}",
        "{\"drop\":true}",
        "{\"slow\":{\"probability\":0.5,\"minMs\":\"fast\"}}",
        "{\"slow\":0.5}",
        "{\"latency\":{\"min\":10}}",
        "{\"outage\":{\"durationMs\":-1}}",
        "{\"rejectExternalIds\":\"AB-1\"}",
        "{\"error5xx\":2}"
      })
  void theJsonFormRefusesWhatItCannotUse(String json) {
    assertThatThrownBy(
            () ->
                FaultSpec.fromJson(
                    Json.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsWhatItCannotRead() {
    assertThatThrownBy(() -> FaultSpec.parse("5xx=150%"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FaultSpec.parse("teapot=1"))
        .hasMessageContaining("unknown fault 'teapot'");
    assertThatThrownBy(() -> FaultSpec.parse("5xx")).hasMessageContaining("key=value");
    assertThatThrownBy(() -> FaultSpec.parse("slow=10%:9-1ms"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
