package dev.kobjectingest.topology;

import dev.kobjectingest.metrics.IngestMeters;
import java.time.Clock;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Restores the original value and adds the dead-letter headers; key and original headers pass
 * unchanged.
 */
final class DeadLetterProcessor implements FixedKeyProcessor<byte[], MappingResult, byte[]> {
  private final String appVersion;
  private final Clock clock;
  private final IngestMeters meters;
  private FixedKeyProcessorContext<byte[], byte[]> context;

  DeadLetterProcessor(String appVersion, Clock clock, IngestMeters meters) {
    this.appVersion = appVersion;
    this.clock = clock;
    this.meters = meters;
  }

  @Override
  public void init(FixedKeyProcessorContext<byte[], byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<byte[], MappingResult> record) {
    RecordMetadata meta =
        context
            .recordMetadata()
            .orElseThrow(() -> new IllegalStateException("dead letter without a source record"));
    FixedKeyRecord<byte[], byte[]> out = record.withValue(record.value().raw());
    record
        .value()
        .deadLetter()
        .writeTo(
            out.headers(),
            meta.topic(),
            meta.partition(),
            meta.offset(),
            record.timestamp(),
            appVersion,
            clock.instant());
    context.forward(out);
    meters.deadLetter(record.value().deadLetter().stage(), record.value().deadLetter().reason());
  }
}
