package dev.kobjectingest.app;

import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.metrics.NotReady;
import dev.kobjectingest.support.Secrets;
import dev.kobjectingest.topics.PipelineTopic;
import dev.kobjectingest.topics.PipelineTopics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka as the pipeline needs it, watched from the side: an admin client on its own thread lists
 * the topics every {@code kafka.watch.interval.ms}, each time within a short timeout. The Kafka
 * clients of Streams and the sink retry a broker that is gone forever and only log about it; this
 * turns it into readiness: {@code kafka-unreachable} once Kafka has not answered for {@code
 * kafka.unreachable.after.ms} (cleared by the next answer), and {@code topics-missing} while a
 * topic the pipeline reads or writes (commands, id tables, dead letters, the rules' source topics)
 * does not exist, as after someone deleted it.
 */
public final class KafkaWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaWatch.class);
  private static final Duration LONGEST_TIMEOUT = Duration.ofSeconds(5);

  private final Admin admin;
  private final Map<String, String> kafka;
  private final List<PipelineTopic> topics;
  private final Duration timeout;
  private final Duration unreachableAfter;
  private final Clock clock;
  private ScheduledExecutorService thread;

  private long lastAnswer;
  private long failingSince = -1;
  private String lastError = "";
  private List<PipelineTopic> missing = List.of();

  KafkaWatch(
      Admin admin,
      Map<String, String> kafka,
      List<PipelineTopic> topics,
      Duration timeout,
      Duration unreachableAfter,
      Clock clock) {
    this.admin = admin;
    this.kafka = kafka;
    this.topics = List.copyOf(topics);
    this.timeout = timeout;
    this.unreachableAfter = unreachableAfter;
    this.clock = clock;
    this.lastAnswer = clock.millis();
  }

  /** Starts watching the configured Kafka and the configuration's topics; the first look now. */
  public static KafkaWatch start(IngestConfig config, Clock clock) {
    Duration interval = Duration.ofMillis(config.getInt("kafka.watch.interval.ms"));
    Duration timeout = interval.compareTo(LONGEST_TIMEOUT) < 0 ? interval : LONGEST_TIMEOUT;
    KafkaWatch watch =
        new KafkaWatch(
            admin(config.kafkaClientProperties(), timeout),
            config.kafkaClientProperties(),
            PipelineTopics.of(config),
            timeout,
            Duration.ofMillis(config.getInt("kafka.unreachable.after.ms")),
            clock);
    watch.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kafka-watch");
              t.setDaemon(true);
              return t;
            });
    // check() catches everything, so the future never completes with an exception to look at.
    var unused =
        watch.thread.scheduleWithFixedDelay(
            watch::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return watch;
  }

  static Admin admin(Map<String, String> kafka, Duration timeout) {
    Properties p = new Properties();
    kafka.forEach(p::put);
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "kobject-ingest-watch");
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    return Admin.create(p);
  }

  /** One look: does Kafka answer within the timeout, and which of the topics are missing. */
  void check() {
    try {
      Set<String> names =
          admin
              .listTopics(new ListTopicsOptions().timeoutMs((int) timeout.toMillis()))
              .names()
              .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      answered(names);
    } catch (ExecutionException e) {
      failed(e.getCause());
    } catch (TimeoutException | RuntimeException e) {
      // A RuntimeException too: a scheduled task that throws is never run again.
      failed(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void answered(Set<String> names) {
    lastAnswer = clock.millis();
    if (failingSince >= 0) {
      LOG.info(
          "Kafka answers again, after {} s without an answer", (lastAnswer - failingSince) / 1000);
      failingSince = -1;
    }
    List<PipelineTopic> now = topics.stream().filter(t -> !names.contains(t.name())).toList();
    if (!now.equals(missing)) {
      if (now.isEmpty()) {
        LOG.info("every topic of the pipeline exists again");
      } else {
        LOG.warn("topics missing on Kafka: {}", describe(now));
      }
    }
    missing = now;
  }

  private synchronized void failed(Throwable e) {
    lastError =
        Secrets.redact(e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()), kafka);
    if (failingSince < 0) {
      // Without an answer since the last one, not since this look: the threshold then means what
      // it says, whatever the interval.
      failingSince = lastAnswer;
      LOG.warn(
          "Kafka (kafka.bootstrap.servers={}) did not answer within {} ms: {}",
          kafka.get("bootstrap.servers"),
          timeout.toMillis(),
          lastError);
    }
  }

  /** What keeps the pipeline from making progress on Kafka's side. */
  public synchronized List<NotReady> notReady() {
    List<NotReady> causes = new ArrayList<>();
    long now = clock.millis();
    if (failingSince >= 0 && now - failingSince >= unreachableAfter.toMillis()) {
      causes.add(
          new NotReady(
              NotReady.KAFKA_UNREACHABLE,
              "no answer from Kafka (kafka.bootstrap.servers="
                  + kafka.get("bootstrap.servers")
                  + ") since "
                  + Instant.ofEpochMilli(failingSince).truncatedTo(ChronoUnit.SECONDS)
                  + ", "
                  + (now - failingSince) / 1000
                  + " s (last error: "
                  + lastError
                  + "); the pipeline goes on when it answers"));
    }
    if (!missing.isEmpty()) {
      causes.add(
          new NotReady(
              NotReady.TOPICS_MISSING,
              "missing on Kafka: "
                  + describe(missing)
                  + "; create them (`topics --create`): the pipeline's own topics are taken up again"
                  + " as they come back, while a missing source topic stops the instance's"
                  + " stream threads, so start it again once the topic is back"));
    }
    return causes;
  }

  private static String describe(List<PipelineTopic> topics) {
    return topics.stream()
        .map(t -> t.name() + " (" + t.namedBy() + ")")
        .collect(Collectors.joining(", "));
  }

  @Override
  public void close() {
    if (thread != null) {
      thread.shutdownNow();
    }
    admin.close(Duration.ZERO);
  }
}
