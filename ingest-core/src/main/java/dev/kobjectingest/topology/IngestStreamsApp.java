package dev.kobjectingest.topology;

import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.metrics.IngestMeters;
import dev.kobjectingest.support.ClientBuffers;
import dev.kobjectingest.topics.PipelineTopics;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the topology: owns {@link KafkaStreams}, its configuration, the pipeline's own topics and
 * shutdown. The topology itself is built by {@link IngestTopology}, which tests call directly.
 */
public final class IngestStreamsApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestStreamsApp.class);

  private final KafkaStreams streams;
  private final StreamThreadPolicy threads;

  private IngestStreamsApp(KafkaStreams streams, StreamThreadPolicy threads) {
    this.streams = streams;
    this.threads = threads;
  }

  /** Creates missing topics (when configured), then starts the Streams application. */
  public static IngestStreamsApp start(IngestConfig config, String appVersion) {
    return start(config, appVersion, IngestMeters.none());
  }

  /** As {@link #start(IngestConfig, String)}, counting events and commands in {@code meters}. */
  public static IngestStreamsApp start(
      IngestConfig config, String appVersion, IngestMeters meters) {
    PipelineTopics.ensure(config);
    TopologySettings settings =
        TopologySettings.from(config, appVersion)
            .withDeadLetterMaxBytes(PipelineTopics.deadLetterMaxBytes(config));
    Clock clock = Clock.systemUTC();
    Topology topology = IngestTopology.build(config.rules(), settings, clock, meters);
    Properties props = streamsProperties(config);
    // A record's failure is a dead letter; only the infrastructure's reach the thread policy.
    props.putAll(DeadLetterExceptionHandler.streamsConfig(settings, meters, clock));
    KafkaStreams streams = new KafkaStreams(topology, props);
    StreamThreadPolicy threads =
        new StreamThreadPolicy(
            config.getInt("streams.thread-failures.max"),
            Duration.ofMillis(config.getInt("streams.thread-failures.window.ms")),
            clock);
    streams.setUncaughtExceptionHandler(
        e -> {
          StreamThreadExceptionResponse response = threads.handle(e);
          if (response == StreamThreadExceptionResponse.SHUTDOWN_CLIENT) {
            LOG.error("stopping the Streams application: {}", threads.describe(), e);
          } else {
            LOG.error("stream thread failed; replacing it ({})", threads.describe(), e);
          }
          return response;
        });
    streams.start();
    LOG.info("Kafka Streams application {} started", config.get("streams.application.id"));
    return new IngestStreamsApp(streams, threads);
  }

  static Properties streamsProperties(IngestConfig config) {
    Properties p = new Properties();
    config.kafkaClientProperties().forEach(p::put);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.get("streams.application.id"));
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.get("streams.state.dir"));
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.get("streams.processing.guarantee"));
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.get("streams.commit.interval.ms"));
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.get("streams.num.stream.threads"));
    p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
    ClientBuffers.consumer(p, StreamsConfig.MAIN_CONSUMER_PREFIX);
    ClientBuffers.consumer(p, StreamsConfig.RESTORE_CONSUMER_PREFIX);
    ClientBuffers.producer(p, StreamsConfig.PRODUCER_PREFIX);
    p.put(BoundedRocksDbMemory.BYTES_CONFIG, Long.toString(config.rocksDbMemoryBytes()));
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // A killed instance's tasks move after 10 s, not Kafka's default 45 s, so a restarted or
    // surviving instance goes on within seconds; kafka.session.timeout.ms overrides it.
    if (!config.kafkaClientProperties().containsKey(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)) {
      p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
      p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 3_000);
    }
    if (!config.get("topics.replication").equals("-1")) {
      p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.get("topics.replication"));
    }
    return p;
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  public KafkaStreams streams() {
    return streams;
  }

  /** How the stream threads have fared: failures, and whether the client was stopped for them. */
  public StreamThreadPolicy threads() {
    return threads;
  }

  @Override
  public void close() {
    // Well within a 30 s grace period, run beside the sink's stop.
    streams.close(Duration.ofSeconds(15));
  }
}
