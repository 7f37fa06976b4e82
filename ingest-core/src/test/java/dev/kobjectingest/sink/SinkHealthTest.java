package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.metrics.NotReady;
import dev.kobjectingest.support.FakeTime;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class SinkHealthTest {
  private final FakeTime time = new FakeTime();
  private final SinkHealth health = new SinkHealth(time, Duration.ofSeconds(30));

  @Test
  void kustomerIsUnreachableOnlyAfterFailingForTheWholeThreshold() {
    health.kustomerFailed("ConnectException", time.millis());
    time.advance(Duration.ofSeconds(29));
    health.kustomerAnswered(503, time.millis());
    assertThat(health.notReady()).isEmpty();

    time.advance(Duration.ofSeconds(1));
    assertThat(health.notReady())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.cause()).isEqualTo(NotReady.KUSTOMER_UNREACHABLE);
              assertThat(c.detail()).contains("30 s").contains("HTTP 503");
            });

    health.kustomerAnswered(200, time.millis());
    assertThat(health.notReady()).isEmpty();
  }

  @Test
  void aHangingRequestCountsFromWhenItWasSentNotFromWhenItTimedOut() {
    health.kustomerAnswered(200, time.millis());
    long sent = time.millis();
    time.advance(Duration.ofSeconds(30)); // the request timeout
    health.kustomerFailed("HttpTimeoutException", sent);
    long retried = time.millis();
    time.advance(Duration.ofSeconds(30));
    health.kustomerFailed("HttpTimeoutException", retried);

    assertThat(health.notReady())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.cause()).isEqualTo(NotReady.KUSTOMER_UNREACHABLE);
              assertThat(c.detail()).contains("for 60 s").contains("HttpTimeoutException");
            });
  }

  @Test
  void theTimeWithoutAGoodAnswerStartsNoEarlierThanTheLastGoodAnswer() {
    long sentBefore = time.millis();
    time.advance(Duration.ofSeconds(20));
    health.kustomerAnswered(201, time.millis()); // another request, sent later, answered
    time.advance(Duration.ofSeconds(10));
    health.kustomerFailed("HttpTimeoutException", sentBefore);

    assertThat(health.notReady()).as("10 s without a good answer, not 30").isEmpty();
    time.advance(Duration.ofSeconds(20));
    assertThat(health.notReady())
        .singleElement()
        .satisfies(c -> assertThat(c.detail()).contains("for 30 s"));
  }

  @Test
  void onlyTooManyRequestsForTheThresholdIsThrottlingNotReady() {
    for (int s = 0; s <= 30; s += 5) {
      health.kustomerAnswered(429, time.millis());
      time.advance(Duration.ofSeconds(5));
    }
    assertThat(health.notReady())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.cause()).isEqualTo(NotReady.KUSTOMER_THROTTLING);
              assertThat(c.detail()).contains("Kustomer answered only 429 for 35 s");
            });

    health.kustomerAnswered(200, time.millis());
    assertThat(health.notReady()).isEmpty();
  }

  @Test
  void occasionalTooManyRequestsAmongSuccessesNeverFlipReadiness() {
    for (int i = 0; i < 600; i++) {
      health.kustomerAnswered(i % 3 == 0 ? 429 : 200, time.millis());
      time.advance(Duration.ofSeconds(1));
      assertThat(health.notReady()).isEmpty();
    }
  }

  @Test
  void throttledAndFailingTogetherIsUnreachable() {
    health.kustomerAnswered(429, time.millis());
    time.advance(Duration.ofSeconds(10));
    health.kustomerAnswered(503, time.millis());
    time.advance(Duration.ofSeconds(20));
    assertThat(health.notReady())
        .extracting(NotReady::cause)
        .containsExactly(NotReady.KUSTOMER_UNREACHABLE);
  }

  @Test
  void onlyTooManyRequestsAfterAnOutageIsThrottlingCountedFromTheFirst429() {
    health.kustomerFailed("ConnectException", time.millis());
    time.advance(Duration.ofSeconds(20));
    for (int s = 0; s < 30; s += 5) {
      health.kustomerAnswered(429, time.millis());
      time.advance(Duration.ofSeconds(5));
    }
    assertThat(health.notReady())
        .as("50 s without a good answer, the last 30 s only 429")
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.cause()).isEqualTo(NotReady.KUSTOMER_THROTTLING);
              assertThat(c.detail()).contains("Kustomer answered only 429 for 30 s");
            });
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

  @Test
  void aFailingDiskIsNotReadyUntilTheLastRecordWaitingOnItIsDone() throws Exception {
    ExecutorService other = Executors.newSingleThreadExecutor(); // another worker
    health.localStorageFailed(failure("/state/sink-tables/customer-ids.1"));
    time.advance(Duration.ofSeconds(12));
    other.submit(() -> health.localStorageFailed(failure("/state/sink-tables/sink-ids.1"))).get();
    health.localStorageFailed(failure("/state/sink-tables/customer-ids.1")); // again, later

    assertThat(health.notReady())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.cause()).isEqualTo(NotReady.LOCAL_STORAGE_FAILING);
              assertThat(c.detail())
                  .contains("customer-ids.1, /state/sink-tables/sink-ids.1")
                  .contains("failed for 12 s")
                  .contains("No space left on device")
                  .contains("2 records wait");
            });

    health.localStorageDone(); // this thread's record applied; the other still waits
    assertThat(health.notReady())
        .singleElement()
        .satisfies(c -> assertThat(c.detail()).contains("1 records wait"));
    other.submit(health::localStorageDone).get();
    other.shutdown();
    assertThat(health.notReady()).as("the disk works again").isEmpty();
  }

  private static LocalStorageException failure(String dir) {
    return new LocalStorageException(
        "write", dir, new java.io.IOException("No space left on device"));
  }
}
