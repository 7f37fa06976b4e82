package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.deadletter.DeadLetter;
import dev.kobjectingest.kustomer.Outcome;
import dev.kobjectingest.kustomer.budget.BudgetUnavailableException;
import dev.kobjectingest.metrics.NotReady;
import dev.kobjectingest.support.FakeTime;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDBException;

/** Attempts, backoff and the deadline, on a fake clock: an outcome value for every ending. */
class RetryingApplierTest {
  private static final Backoff BACKOFF =
      new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofMinutes(15));
  private static final ConsumerRecord<byte[], byte[]> RECORD =
      new ConsumerRecord<>("commands", 0, 42L, new byte[] {1}, new byte[] {2});

  private final FakeTime time = new FakeTime();
  private final ScriptedHandler handler = new ScriptedHandler();
  private final LongAdder retries = new LongAdder();
  private final SinkHealth health = new SinkHealth(time, Duration.ofSeconds(30));
  private final RetryingApplier applier =
      new RetryingApplier(handler, "kobject", BACKOFF, time, time, retries, health);

  @Test
  void aRecordThatSucceedsIsAppliedAtOnce() {
    handler.then(r -> 1234L);

    assertThat(applier.apply(RECORD)).isEqualTo(new ApplyResult.Applied(1234L));
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void retriableFailuresAreRetriedWithGrowingPausesAndTheLastFailureIsPassedOn() {
    CallFailure first = serverError();
    CallFailure second = noAnswer();
    handler.then(fail(first)).then(fail(second)).then(r -> 7L);

    assertThat(applier.apply(RECORD)).isEqualTo(new ApplyResult.Applied(7L));
    assertThat(handler.previousFailures()).containsExactly(null, first, second);
    assertThat(time.sleeps()).hasSize(2);
    assertThat(time.sleeps().get(0)).isBetween(Duration.ofMillis(150), Duration.ofMillis(250));
    assertThat(time.sleeps().get(1)).isBetween(Duration.ofMillis(300), Duration.ofMillis(500));
    assertThat(retries.sum()).isEqualTo(2);
  }

  @Test
  void retriesStopAtTheDeadlineAndTheRecordIsDeadLetteredAsRetriesExhausted() {
    handler.thenAlways(fail(serverError()));

    ApplyResult result = applier.apply(RECORD);

    DeadLetter letter = rejected(result, SinkReason.RETRIES_EXHAUSTED);
    assertThat(time.slept()).isGreaterThanOrEqualTo(Duration.ofMinutes(15));
    assertThat(time.slept()).isLessThan(Duration.ofMinutes(16));
    assertThat(letter.attempts()).isEqualTo(handler.attempts()).isGreaterThan(30);
    assertThat(letter.httpStatus()).isEqualTo(503);
    assertThat(letter.exceptionClass()).isEqualTo("CallFailure");
    assertThat(letter.stage()).isEqualTo("kobject");
  }

  @Test
  void aPermanentFailureIsDeadLetteredAtOnceWithKustomersAnswer() {
    handler.then(fail(answered(422, "unprocessable")));

    DeadLetter letter = rejected(applier.apply(RECORD), SinkReason.HTTP_4XX);

    assertThat(letter.attempts()).isOne();
    assertThat(letter.httpStatus()).isEqualTo(422);
    assertThat(letter.errorBody()).contains("unprocessable");
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void aMissingKlassThatMayNotBeCreatedIsDeadLetteredAsKlassMissing() {
    CallFailure missing =
        CallFailure.klassMissing("order", false, answered(404, "klass_not_found"));
    handler.then(fail(missing));

    DeadLetter letter = rejected(applier.apply(RECORD), SinkReason.KLASS_MISSING);

    assertThat(letter.httpStatus()).isEqualTo(404);
    assertThat(letter.exceptionMessage()).contains("klass 'order' is missing");
  }

  @Test
  void aRefusedKeyIsFatalAtOnce() {
    CallFailure refused = answered(401, "unauthorized");
    handler.then(fail(refused));

    assertThat(applier.apply(RECORD)).isEqualTo(new ApplyResult.Fatal(refused));
    assertThat(handler.attempts()).isOne();
  }

  @Test
  void anInvalidCommandIsDeadLetteredAtOnce() {
    handler.then(
        r -> {
          throw new CommandHandler.InvalidCommand("not an order command", null);
        });

    DeadLetter letter = rejected(applier.apply(RECORD), SinkReason.INVALID_COMMAND);

    assertThat(letter.exceptionClass()).isEqualTo("InvalidCommand");
    assertThat(letter.httpStatus()).isNull();
  }

  @Test
  void aBugOfOursIsDeadLetteredAsAnInternalErrorRatherThanRetried() {
    handler.then(
        r -> {
          throw new IllegalStateException("bug");
        });

    DeadLetter letter = rejected(applier.apply(RECORD), SinkReason.INTERNAL_ERROR);

    assertThat(letter.exceptionClass()).isEqualTo(IllegalStateException.class.getName());
    assertThat(handler.attempts()).isOne();
  }

  @Test
  void anInterruptedAttemptOrPauseStopsWithoutFinishing() {
    handler.then(
        r -> {
          throw new InterruptedException();
        });
    assertThat(applier.apply(RECORD)).isEqualTo(new ApplyResult.Stopped());
    assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();

    handler.then(fail(serverError()));
    Thread.currentThread().interrupt(); // arrives during the backoff pause
    assertThat(applier.apply(RECORD)).isEqualTo(new ApplyResult.Stopped());
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void anUnavailableBudgetStoreIsWaitedOutPastTheDeadlineNeverDeadLettered() {
    long start = time.millis();
    // Redis down for an hour, four times the retry deadline, then it answers again.
    handler.thenAlways(
        r -> {
          if (time.millis() - start < Duration.ofHours(1).toMillis()) {
            throw budgetUnavailable();
          }
          return 5L;
        });

    assertThat(applier.apply(RECORD)).isEqualTo(new ApplyResult.Applied(5L));
    assertThat(time.slept()).isGreaterThanOrEqualTo(Duration.ofHours(1));
  }

  @Test
  void timeSpentWaitingForTheBudgetStoreDoesNotCountAgainstTheRecordsDeadline() {
    long start = time.millis();
    handler.then(fail(serverError()));
    handler.thenAlways(
        r -> {
          if (time.millis() - start < Duration.ofHours(1).toMillis()) {
            throw budgetUnavailable();
          }
          throw serverError(); // Kustomer is down too once Redis is back
        });

    DeadLetter letter = rejected(applier.apply(RECORD), SinkReason.RETRIES_EXHAUSTED);

    // The deadline restarted at the last failure of the budget store (within a pause of the hour).
    assertThat(time.millis() - start)
        .as("a full deadline of Kustomer failures after the budget store came back")
        .isGreaterThanOrEqualTo(Duration.ofMinutes(74).toMillis());
    assertThat(letter.httpStatus()).isEqualTo(503);
  }

  @Test
  void aFailingLocalDiskIsWaitedOutPastTheDeadlineReportedAndClearedWhenTheRecordApplies() {
    long start = time.millis();
    List<List<NotReady>> seen = new ArrayList<>();
    // The disk fails for an hour, four times the retry deadline; wrapped on its way up once.
    handler.thenAlways(
        r -> {
          seen.add(health.notReady());
          if (time.millis() - start < Duration.ofHours(1).toMillis()) {
            throw new IllegalStateException("wrapped", diskFailure());
          }
          return 9L;
        });

    assertThat(applier.apply(RECORD)).isEqualTo(new ApplyResult.Applied(9L));

    assertThat(time.slept()).isGreaterThanOrEqualTo(Duration.ofHours(1));
    assertThat(seen.get(0)).as("before the first failure").isEmpty();
    assertThat(seen.get(seen.size() - 1))
        .as("while the disk failed")
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.cause()).isEqualTo(NotReady.LOCAL_STORAGE_FAILING);
              assertThat(c.detail()).contains("/state/sink-tables/ids.1").contains("Read-only");
            });
    assertThat(health.notReady()).as("cleared once the record applied").isEmpty();
    assertThat(retries.sum()).isEqualTo(handler.attempts() - 1);
  }

  @Test
  void aRecordStoppedWhileTheDiskFailsNoLongerHoldsTheCause() {
    handler.then(
        r -> {
          throw diskFailure();
        });
    Thread.currentThread().interrupt(); // the sink stops during the pause

    assertThat(applier.apply(RECORD)).isEqualTo(new ApplyResult.Stopped());
    assertThat(Thread.interrupted()).isTrue();
    assertThat(health.notReady()).isEmpty();
  }

  @Test
  void reasonsAreReadFromTheFailure() {
    assertThat(SinkReason.of(answered(400, "bad_request"))).isEqualTo(SinkReason.HTTP_4XX);
    assertThat(SinkReason.of(answered(404, "klass_not_found"))).isEqualTo(SinkReason.KLASS_MISSING);
    assertThat(SinkReason.of(serverError())).isEqualTo(SinkReason.RETRIES_EXHAUSTED);
    assertThat(SinkReason.of(noAnswer())).isEqualTo(SinkReason.RETRIES_EXHAUSTED);
    assertThat(SinkReason.RETRIES_EXHAUSTED.code()).isEqualTo("retries-exhausted");
  }

  private static ScriptedHandler.Attempt fail(CallFailure f) {
    return r -> {
      throw f;
    };
  }

  private static DeadLetter rejected(ApplyResult result, SinkReason reason) {
    assertThat(result).isInstanceOf(ApplyResult.Rejected.class);
    ApplyResult.Rejected r = (ApplyResult.Rejected) result;
    assertThat(r.reason()).isEqualTo(reason);
    assertThat(r.letter().reason()).isEqualTo(reason.code());
    return r.letter();
  }

  static CallFailure answered(int status, String code) {
    return CallFailure.answered(
        Outcome.classify(status, null),
        "PUT /v1/klasses/order/{id}",
        FakeKustomer.error(status, code));
  }

  private static CallFailure serverError() {
    return answered(503, "service_unavailable");
  }

  private static CallFailure noAnswer() {
    return CallFailure.noAnswer("PUT /v1/klasses/order/{id}", new IOException("connection reset"));
  }

  private static LocalStorageException diskFailure() {
    return new LocalStorageException(
        "write",
        "/state/sink-tables/ids.1",
        new RocksDBException("IO error: While open a file for appending: Read-only file system"));
  }

  private static CallFailure budgetUnavailable() {
    return CallFailure.budgetUnavailable(
        "PUT /v1/klasses/order/{id}",
        new BudgetUnavailableException(new IllegalStateException("Command timed out")));
  }
}
