package dev.kobjectingest.topology;

import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.metrics.IngestMeters;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
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
    TopologySettings settings = config.topologySettings(appVersion);
    if (Boolean.parseBoolean(config.get("topics.create"))) {
      ensureTopics(config, settings);
    }
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
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    if (!config.get("topics.replication").equals("-1")) {
      p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.get("topics.replication"));
    }
    return p;
  }

  private static void ensureTopics(IngestConfig config, TopologySettings s) {
    int partitions = config.getInt("topics.partitions");
    int r = config.getInt("topics.replication");
    Optional<Short> replication = r == -1 ? Optional.empty() : Optional.of((short) r);
    Properties props = new Properties();
    config.kafkaClientProperties().forEach(props::put);
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String t :
          List.of(s.deadLetterTopic(), s.customerCommandsTopic(), s.orderCommandsTopic())) {
        if (!existing.contains(t)) {
          missing.add(new NewTopic(t, Optional.of(partitions), replication));
        }
      }
      // The id tables are compacted: only the latest value per key matters, kept forever.
      for (String t : List.of(s.customerIdsTopic(), config.get("topics.sink-ids"))) {
        if (!existing.contains(t)) {
          missing.add(
              new NewTopic(t, Optional.of(partitions), replication)
                  .configs(
                      Map.of(
                          TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        }
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        LOG.info("created topics {}", missing.stream().map(NewTopic::name).toList());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create the pipeline's topics: " + e.getMessage(), e);
    }
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
    streams.close(Duration.ofSeconds(30));
  }
}
