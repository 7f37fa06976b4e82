package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.metrics.NotReady;
import dev.kobjectingest.support.FakeTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SinkHealthTest {
  private final FakeTime time = new FakeTime();
  private final SinkHealth health = new SinkHealth(time, Duration.ofSeconds(30));

  @Test
  void kustomerIsUnreachableOnlyAfterFailingForTheWholeThreshold() {
    health.kustomerFailed("ConnectException");
    time.advance(Duration.ofSeconds(29));
    health.kustomerAnswered(503);
    assertThat(health.notReady()).isEmpty();

    time.advance(Duration.ofSeconds(1));
    assertThat(health.notReady())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.cause()).isEqualTo(NotReady.KUSTOMER_UNREACHABLE);
              assertThat(c.detail()).contains("30 s").contains("HTTP 503");
            });

    health.kustomerAnswered(429); // throttled is an answer: Kustomer is there
    assertThat(health.notReady()).isEmpty();
  }

  @Test
  void aFailingBudgetStoreIsReportedAtOnceUntilItAnswers() {
    health.budgetStoreFailed("RedisCommandTimeoutException");
    assertThat(health.notReady())
        .extracting(NotReady::cause)
        .containsExactly(NotReady.BUDGET_STORE_UNREACHABLE);

    health.budgetStoreAnswered();
    assertThat(health.notReady()).isEmpty();
  }
}
