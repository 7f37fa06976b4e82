package dev.kobjectingest.sink;

import dev.kobjectingest.metrics.IngestMeters;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One stage's processing of a command record: applied through the {@link RetryingApplier}, then
 * counted, dead-lettered when rejected, or the sink stopped when the failure is fatal.
 */
final class CommandProcessor implements RecordProcessor {
  private final String stage;
  private final CommandHandler handler;
  private final RetryingApplier applier;
  private final DeadLetterWriter deadLetters;
  private final SinkCounters counters;
  private final IngestMeters meters;
  private final Clock clock;
  private final AtomicReference<CallFailure> fatal = new AtomicReference<>();

  CommandProcessor(
      String stage,
      CommandHandler handler,
      RetryingApplier applier,
      DeadLetterWriter deadLetters,
      SinkCounters counters,
      IngestMeters meters,
      Clock clock) {
    this.stage = stage;
    this.handler = handler;
    this.applier = applier;
    this.deadLetters = deadLetters;
    this.counters = counters;
    this.meters = meters;
    this.clock = clock;
  }

  @Override
  public Verdict process(ConsumerRecord<byte[], byte[]> record) {
    ApplyResult result = applier.apply(record);
    if (result instanceof ApplyResult.Applied a) {
      counters.applied.increment();
      if (a.eventTime() > 0) {
        meters.endToEnd(stage, Duration.ofMillis(clock.millis() - a.eventTime()));
      }
      return Verdict.FINISHED;
    }
    if (result instanceof ApplyResult.Rejected r) {
      if (!deadLetters.write(record, r.letter(), handler.origin(record, r.reason()))) {
        return Verdict.UNFINISHED;
      }
      counters.deadLettered.increment();
      meters.deadLetter(stage, r.reason().code());
      try {
        handler.deadLettered(record, r.reason());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Verdict.UNFINISHED;
      }
      return Verdict.FINISHED;
    }
    if (result instanceof ApplyResult.Fatal f) {
      fatal.compareAndSet(null, f.failure());
      return Verdict.FATAL;
    }
    return Verdict.UNFINISHED;
  }

  @Override
  public long sequence(ConsumerRecord<byte[], byte[]> record) {
    return handler.sequence(record);
  }

  @Override
  public void partitionsAssigned() {
    handler.partitionsAssigned();
  }

  /** The failure that stopped this stage, or null. */
  CallFailure fatalFailure() {
    return fatal.get();
  }

  String stage() {
    return stage;
  }
}
