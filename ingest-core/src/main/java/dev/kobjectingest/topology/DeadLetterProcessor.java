package dev.kobjectingest.topology;

import dev.kobjectingest.deadletter.DeadLetter;
import dev.kobjectingest.deadletter.DeadLetterRecords;
import dev.kobjectingest.metrics.IngestMeters;
import dev.kobjectingest.support.Pii;
import dev.kobjectingest.support.RateLimitedLog;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a record the rules refused back into its original key, value and headers, plus the
 * dead-letter headers. A record too large for the dead-letter producer goes without its value (see
 * {@link DeadLetterRecords}), so the dead letter itself cannot fail.
 */
final class DeadLetterProcessor implements Processor<byte[], MappingResult, byte[], byte[]> {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessor.class);
  private final TopologySettings settings;
  private final Clock clock;
  private final IngestMeters meters;
  private ProcessorContext<byte[], byte[]> context;
  private RateLimitedLog log;

  DeadLetterProcessor(TopologySettings settings, Clock clock, IngestMeters meters) {
    this.settings = settings;
    this.clock = clock;
    this.meters = meters;
  }

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    this.context = context;
    this.log = new RateLimitedLog(clock, Duration.ofSeconds(10));
  }

  @Override
  public void process(Record<byte[], MappingResult> record) {
    RecordMetadata meta =
        context
            .recordMetadata()
            .orElseThrow(() -> new IllegalStateException("dead letter without a source record"));
    DeadLetter why = record.value().deadLetter();
    ProducerRecord<byte[], byte[]> out =
        DeadLetterRecords.build(
            settings.deadLetterTopic(),
            record.key(),
            record.value().raw(),
            record.headers(),
            why,
            new DeadLetterRecords.Source(
                meta.topic(), meta.partition(), meta.offset(), record.timestamp()),
            settings.appVersion(),
            clock.instant(),
            settings.deadLetterMaxBytes());
    context.forward(new Record<>(out.key(), out.value(), record.timestamp(), out.headers()));
    meters.deadLetter(why.stage(), why.reason());
    // One line per reason every few seconds: a bad upstream release must not flood the log.
    log.log(
        why.reason(),
        "dead-lettered the record at "
            + meta.topic()
            + "-"
            + meta.partition()
            + "@"
            + meta.offset()
            + " ("
            + why.reason()
            + "): "
            + Pii.mask(why.exceptionMessage()),
        LOG::warn);
  }
}
