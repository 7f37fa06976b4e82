package dev.kobjectingest.topology;

import dev.kobjectingest.deadletter.DeadLetter;
import dev.kobjectingest.deadletter.DeadLetterRecords;
import dev.kobjectingest.metrics.IngestMeters;
import java.time.Clock;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns a record the rules refused back into its original key, value and headers, plus the
 * dead-letter headers. A record too large for the dead-letter producer goes without its value (see
 * {@link DeadLetterRecords}), so the dead letter itself cannot fail.
 */
final class DeadLetterProcessor implements Processor<byte[], MappingResult, byte[], byte[]> {
  private final TopologySettings settings;
  private final Clock clock;
  private final IngestMeters meters;
  private ProcessorContext<byte[], byte[]> context;

  DeadLetterProcessor(TopologySettings settings, Clock clock, IngestMeters meters) {
    this.settings = settings;
    this.clock = clock;
    this.meters = meters;
  }

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    this.context = context;
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
  }
}
