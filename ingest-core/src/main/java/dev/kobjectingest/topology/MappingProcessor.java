package dev.kobjectingest.topology;

import dev.kobjectingest.deadletter.DeadLetter;
import dev.kobjectingest.deadletter.DeadLetterHeaders;
import dev.kobjectingest.mapping.EventMapper;
import dev.kobjectingest.mapping.EventValidator;
import dev.kobjectingest.mapping.MappedEvent;
import dev.kobjectingest.mapping.MappedRecord;
import dev.kobjectingest.mapping.MappingException;
import dev.kobjectingest.mapping.Origin;
import dev.kobjectingest.mapping.SourceRule;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.metrics.IngestMeters;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Applies a topic's rule to each raw record. A payload the rule cannot map becomes a value (a dead
 * letter), never an exception: the partition moves on. Exceptions that escape are bugs or
 * infrastructure failures, and Kafka Streams restarts the task for them.
 */
final class MappingProcessor implements FixedKeyProcessor<byte[], byte[], MappingResult> {
  private final SourceRule rule;
  private final WriteModel model;
  private final IngestMeters meters;
  private FixedKeyProcessorContext<byte[], MappingResult> context;
  private EventMapper mapper;

  MappingProcessor(SourceRule rule, WriteModel model, IngestMeters meters) {
    this.rule = rule;
    this.model = model;
    this.meters = meters;
  }

  @Override
  public void init(FixedKeyProcessorContext<byte[], MappingResult> context) {
    this.context = context;
    // Each task compiles its own expressions: the expression library is not documented as
    // thread-safe.
    this.mapper = new EventMapper(rule.copy());
  }

  @Override
  public void process(FixedKeyRecord<byte[], byte[]> record) {
    // One record may be several events (split), or none that applies (when); each outcome is
    // forwarded, counted or dead-lettered on its own, with the record's coordinates.
    for (MappedRecord.Outcome outcome : mapper.mapRecord(record.value()).outcomes()) {
      if (outcome instanceof MappedRecord.Mapped m) {
        forward(record, m);
      } else if (outcome instanceof MappedRecord.Failed f) {
        deadLetter(record, f.error());
      } else {
        meters.eventSkipped(rule.topic(), rule.name());
        meters.inputEvent(rule.topic(), "skipped");
      }
    }
  }

  private void forward(FixedKeyRecord<byte[], byte[]> record, MappedRecord.Mapped m) {
    try {
      EventValidator.validate(m.event(), model);
    } catch (MappingException e) {
      deadLetter(record, m.element() < 0 ? e : e.at("element " + m.element()));
      return;
    }
    m.dropped().forEach(field -> meters.valueDropped(rule.topic(), field));
    MappedEvent event =
        context
            .recordMetadata()
            .map(
                meta ->
                    m.event().withOrigin(new Origin(meta.topic(), meta.partition(), meta.offset())))
            .orElse(m.event());
    context.forward(record.withValue(MappingResult.ok(event)));
    meters.inputEvent(rule.topic(), "mapped");
  }

  private void deadLetter(FixedKeyRecord<byte[], byte[]> record, MappingException e) {
    String stage =
        e.reason() == MappingException.Reason.INVALID_JSON
            ? DeadLetterHeaders.STAGE_PARSE
            : DeadLetterHeaders.STAGE_MAP;
    DeadLetter dl = DeadLetter.mapping(stage, e.reason().code(), e.field(), e.getMessage());
    context.forward(record.withValue(MappingResult.dead(dl, record.value())));
    meters.inputEvent(rule.topic(), "dead-lettered");
  }
}
