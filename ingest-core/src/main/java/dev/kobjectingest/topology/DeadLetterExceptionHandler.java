package dev.kobjectingest.topology;

import dev.kobjectingest.deadletter.DeadLetter;
import dev.kobjectingest.deadletter.DeadLetterRecords;
import dev.kobjectingest.metrics.IngestMeters;
import dev.kobjectingest.support.Pii;
import dev.kobjectingest.support.RateLimitedLog;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' own seams for record failures (KIP-1033, KIP-1034): an exception thrown while
 * processing a record, or while serializing or producing what it emitted, turns that record into a
 * dead letter (the original bytes of the record the sub-topology read, with the {@code
 * ingest.dlq.*} headers) and the partition moves on. Only failures of the infrastructure ({@link
 * TopologyFailures#isRecordFailure}) fail the task, and the stream-thread policy decides what
 * happens next.
 *
 * <p>Streams instantiates this class itself; what it needs comes through the configuration ({@link
 * #streamsConfig}).
 */
public final class DeadLetterExceptionHandler
    implements ProcessingExceptionHandler, ProductionExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterExceptionHandler.class);
  static final String TOPIC = "ingest.dead-letters.topic";
  static final String APP_VERSION = "ingest.app-version";
  static final String METERS = "ingest.meters";
  static final String CLOCK = "ingest.clock";

  private String topic;
  private String appVersion;
  private IngestMeters meters;
  private Clock clock;
  private int maxBytes;
  private RateLimitedLog log;

  /**
   * The Streams configuration that routes record failures here: both handlers, what {@link
   * #configure} reads, and a producer request size that fits a dead letter.
   */
  public static Map<String, Object> streamsConfig(
      TopologySettings settings, IngestMeters meters, Clock clock) {
    Map<String, Object> config = new HashMap<>();
    config.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class);
    config.put(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class);
    config.put(
        StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
        settings.deadLetterMaxBytes());
    // Not deprecated in spirit: Kafka 5.0 makes it the default, and without it every client logs a
    // warning recommending it. The topology has no global store, so it changes nothing else.
    config.put("processing.exception.handler.global.enabled", true);
    config.put(TOPIC, settings.deadLetterTopic());
    config.put(APP_VERSION, settings.appVersion());
    config.put(METERS, meters);
    config.put(CLOCK, clock);
    return config;
  }

  @Override
  public void configure(Map<String, ?> configs) {
    topic = String.valueOf(configs.get(TOPIC));
    appVersion = String.valueOf(configs.get(APP_VERSION));
    meters = configs.get(METERS) instanceof IngestMeters m ? m : IngestMeters.none();
    clock = configs.get(CLOCK) instanceof Clock c ? c : Clock.systemUTC();
    maxBytes = maxRequestSize(configs);
    log = new RateLimitedLog(clock, Duration.ofSeconds(10));
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception e) {
    if (!TopologyFailures.isRecordFailure(e)) {
      return ProcessingExceptionHandler.Response.fail();
    }
    return ProcessingExceptionHandler.Response.resume(
        deadLetter(context, TopologyReasons.PROCESSING_ERROR, e, true));
  }

  @Override
  public ProductionExceptionHandler.Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception e) {
    if (!TopologyFailures.isRecordFailure(e)) {
      return ProductionExceptionHandler.Response.fail();
    }
    return ProductionExceptionHandler.Response.resume(
        deadLetter(context, TopologyFailures.productionReason(e), e, false));
  }

  @Override
  @SuppressWarnings("rawtypes")
  public ProductionExceptionHandler.Response handleSerializationError(
      ErrorHandlerContext context,
      ProducerRecord record,
      Exception e,
      SerializationExceptionOrigin origin) {
    return ProductionExceptionHandler.Response.resume(
        deadLetter(context, TopologyFailures.productionReason(e), e, false));
  }

  /**
   * {@code unmapped}: the failure came before the mapping processor counted the event. A record the
   * producer refuses was already counted {@code mapped}; it shows in the dead-letter counter only,
   * like an event dead-lettered at a later stage, so the events read are not counted twice.
   */
  private List<ProducerRecord<byte[], byte[]>> deadLetter(
      ErrorHandlerContext context, String reason, Exception e, boolean unmapped) {
    String stage = TopologyFailures.stage(context.processorNodeId());
    String message = Pii.mask(String.valueOf(e.getMessage()));
    DeadLetter why =
        new DeadLetter(stage, reason, "", null, null, e.getClass().getName(), message, 1);
    meters.deadLetter(stage, reason);
    if (unmapped && TopologyFailures.STAGE_MAP.equals(stage)) {
      meters.inputEvent(context.topic(), "dead-lettered");
    }
    log.log(
        stage + "/" + reason,
        "dead-lettered the record at "
            + context.topic()
            + "-"
            + context.partition()
            + "@"
            + context.offset()
            + " ("
            + stage
            + ", "
            + reason
            + "): "
            + e.getClass().getSimpleName()
            + ": "
            + message,
        LOG::warn);
    return List.of(
        DeadLetterRecords.build(
            topic,
            context.sourceRawKey(),
            context.sourceRawValue(),
            context.headers(),
            why,
            new DeadLetterRecords.Source(
                context.topic(), context.partition(), context.offset(), context.timestamp()),
            appVersion,
            clock.instant(),
            maxBytes));
  }

  /** The producer's request size limit, as Streams passes it on (prefixed or not). */
  static int maxRequestSize(Map<String, ?> configs) {
    for (String key :
        List.of(
            "producer." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG)) {
      Object v = configs.get(key);
      if (v != null) {
        return Integer.parseInt(String.valueOf(v).trim());
      }
    }
    return 1_048_576;
  }
}
