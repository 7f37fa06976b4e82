package dev.kobjectingest.sink;

import dev.kobjectingest.deadletter.DeadLetter;
import dev.kobjectingest.kustomer.Outcome;
import dev.kobjectingest.support.Pii;
import dev.kobjectingest.support.RateLimitedLog;
import dev.kobjectingest.support.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one record through its {@link CommandHandler}, attempt after attempt, and says how it
 * ended ({@link ApplyResult}). Retriable failures are retried with {@link Backoff} until its
 * deadline (an outage of minutes is waited out), then the record is dead-lettered. A failure of our
 * own infrastructure ({@link Outcome#INFRASTRUCTURE}: the budget's store; a {@link
 * LocalStorageException}: the disk under the id tables, reported to {@link SinkHealth} while the
 * record waits on it) is retried for as long as it lasts and restarts the deadline, so it never
 * turns a record into a dead letter (invariant 6). Permanent failures are dead-lettered at once; a
 * fatal one stops the sink. Time is read from the clock and waited on through the sleeper.
 */
final class RetryingApplier {
  private static final Logger LOG = LoggerFactory.getLogger(RetryingApplier.class);

  private final CommandHandler handler;
  private final String stage;
  private final Backoff backoff;
  private final Clock clock;
  private final Sleeper sleeper;
  private final LongAdder retries;
  private final SinkHealth health;
  private final RateLimitedLog retryLog;

  RetryingApplier(
      CommandHandler handler,
      String stage,
      Backoff backoff,
      Clock clock,
      Sleeper sleeper,
      LongAdder retries,
      SinkHealth health) {
    this.handler = handler;
    this.stage = stage;
    this.backoff = backoff;
    this.clock = clock;
    this.sleeper = sleeper;
    this.retries = retries;
    this.health = health;
    this.retryLog = new RateLimitedLog(clock, Duration.ofSeconds(30));
  }

  ApplyResult apply(ConsumerRecord<byte[], byte[]> record) {
    try {
      return attempts(record);
    } finally {
      health.localStorageDone();
    }
  }

  private ApplyResult attempts(ConsumerRecord<byte[], byte[]> record) {
    long start = clock.millis();
    // Seeded by the offset: the jitter differs between records, and a test can reproduce it.
    SplittableRandom random = new SplittableRandom(record.offset());
    CallFailure previous = null;
    for (int attempt = 1; ; attempt++) {
      try {
        return new ApplyResult.Applied(handler.handle(record, previous));
      } catch (CommandHandler.InvalidCommand e) {
        return rejected(SinkReason.INVALID_COMMAND, null, e.getClass().getSimpleName(), e, attempt);
      } catch (CommandHandler.CustomerUnavailable e) {
        return rejected(
            SinkReason.CUSTOMER_DEAD_LETTERED, null, e.getClass().getSimpleName(), e, attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new ApplyResult.Stopped();
      } catch (CallFailure f) {
        if (f.outcome() == Outcome.FATAL) {
          return new ApplyResult.Fatal(f);
        }
        if (f.outcome() == Outcome.INFRASTRUCTURE) {
          start = clock.millis(); // waiting for our own infrastructure never counts against it
        }
        boolean expired = clock.millis() - start >= backoff.deadline().toMillis();
        if (f.outcome() == Outcome.PERMANENT || expired) {
          return rejected(SinkReason.of(f), f, "CallFailure", f, attempt);
        }
        previous = f;
        if (!pause(attempt, random, cause(f), f.getMessage())) {
          return new ApplyResult.Stopped();
        }
      } catch (RuntimeException e) {
        LocalStorageException disk = LocalStorageException.in(e);
        if (disk == null) {
          return internalError(record, e, attempt);
        }
        // Our own disk, like the budget's store: waited out, and its time is not the record's.
        start = clock.millis();
        health.localStorageFailed(disk);
        if (!pause(attempt, random, "local storage", disk.getMessage())) {
          return new ApplyResult.Stopped();
        }
      }
    }
  }

  /** Waits before the next attempt; false when interrupted. */
  private boolean pause(int attempt, SplittableRandom random, String cause, String message) {
    retries.increment();
    // Retries are counted in a metric; the log says, once per cause every 30 s, that they happen
    // and why, so a stall behind an outage is visible in the log too.
    retryLog.log(
        stage + "/" + cause,
        "retrying " + stage + " writes (" + cause + "): " + Pii.mask(message),
        LOG::warn);
    try {
      sleeper.sleep(backoff.delay(attempt - 1, random));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A bug in our own code: dead-letter the record rather than lose it or loop on it, loudly. */
  private ApplyResult internalError(
      ConsumerRecord<byte[], byte[]> record, RuntimeException e, int attempt) {
    LOG.error(
        "unexpected failure applying {} record at {}-{}@{}",
        stage,
        record.topic(),
        record.partition(),
        record.offset(),
        e);
    return rejected(SinkReason.INTERNAL_ERROR, null, e.getClass().getName(), e, attempt);
  }

  /** A closed set, for grouping log lines: what kind of failure is retried. */
  private static String cause(CallFailure f) {
    if (f.outcome() == Outcome.INFRASTRUCTURE) {
      return "budget store";
    }
    if (f.status() == null) {
      return "no answer";
    }
    return f.status() == 429 ? "throttled" : "HTTP " + (f.status() / 100) + "xx";
  }

  private ApplyResult rejected(
      SinkReason reason, CallFailure f, String exceptionClass, Exception e, int attempts) {
    return new ApplyResult.Rejected(
        reason,
        new DeadLetter(
            stage,
            reason.code(),
            "",
            f == null ? null : f.status(),
            f == null ? null : f.errorBody(),
            exceptionClass,
            e.getMessage(),
            attempts));
  }
}
