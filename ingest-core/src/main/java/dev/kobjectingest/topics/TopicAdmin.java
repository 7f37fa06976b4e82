package dev.kobjectingest.topics;

import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.support.CheckFailed;
import dev.kobjectingest.support.CheckLogFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The pipeline's topics on the broker: what exists (partitions, cleanup policy) and creating what
 * is missing. {@link #connect} proves the broker answers first, within {@code startup.timeout.ms},
 * so every tool fails in seconds with the setting to fix instead of hanging on a wrong address.
 */
public final class TopicAdmin implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

  private static final Duration CALLS = Duration.ofSeconds(30);

  private final Admin admin;
  private final IngestConfig config;

  private TopicAdmin(Admin admin, IngestConfig config) {
    this.admin = admin;
    this.config = config;
  }

  /**
   * Connects to the configured brokers and waits for the cluster to answer.
   *
   * @throws CheckFailed with one line naming the setting to fix when it does not answer in time,
   *     refuses the credentials or fails the TLS handshake
   */
  public static TopicAdmin connect(IngestConfig config, String purpose) {
    Duration timeout = startupTimeout(config);
    Properties p = new Properties();
    config.kafkaClientProperties().forEach(p::put);
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, CheckLogFilter.CLIENT_ID_PREFIX + "-" + purpose);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALLS.toMillis());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALLS.toMillis());
    // The client's connection warnings are summed up in the one line KafkaProblem writes.
    MDC.put(CheckLogFilter.MDC_KEY, purpose);
    try {
      Admin admin = Admin.create(p);
      try {
        admin
            .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
            .nodes()
            .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        return new TopicAdmin(admin, config);
      } catch (ExecutionException | TimeoutException e) {
        admin.close(Duration.ZERO);
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        throw new CheckFailed(
            KafkaProblem.describe(config.kafkaClientProperties(), cause, timeout), cause);
      } catch (InterruptedException e) {
        admin.close(Duration.ZERO);
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while connecting to Kafka", e);
      }
    } catch (KafkaException e) {
      throw new CheckFailed(KafkaProblem.describe(config.kafkaClientProperties(), e, timeout), e);
    } finally {
      MDC.remove(CheckLogFilter.MDC_KEY);
    }
  }

  private static Duration startupTimeout(IngestConfig config) {
    return Duration.ofMillis(config.getInt("startup.timeout.ms"));
  }

  /** The state of each topic, in the order given; absent topics are {@link TopicState#missing}. */
  public Map<String, TopicState> describe(Collection<String> names) {
    Set<String> existing = existing();
    List<String> present = names.stream().filter(existing::contains).distinct().toList();
    Map<String, TopicState> out = new LinkedHashMap<>();
    names.forEach(n -> out.put(n, TopicState.missing(n)));
    if (present.isEmpty()) {
      return out;
    }
    Map<String, TopicDescription> d = get(admin.describeTopics(present).allTopicNames());
    Map<String, String> cleanup = cleanupPolicies(present);
    for (String n : present) {
      TopicDescription t = d.get(n);
      out.put(n, new TopicState(n, true, t.partitions().size(), cleanup.getOrDefault(n, "?")));
    }
    return out;
  }

  /** Names of every topic on the cluster. */
  public Set<String> existing() {
    return get(admin.listTopics().names());
  }

  /**
   * Cleanup policies, where the credentials may read topic configs (managed clusters can refuse it;
   * the listing then shows "?").
   */
  private Map<String, String> cleanupPolicies(List<String> topics) {
    List<ConfigResource> resources =
        topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
    Map<String, String> out = new HashMap<>();
    try {
      Map<ConfigResource, Config> configs =
          admin.describeConfigs(resources).all().get(CALLS.toMillis(), TimeUnit.MILLISECONDS);
      configs.forEach(
          (r, c) -> {
            ConfigEntry e = c.get(TopicConfig.CLEANUP_POLICY_CONFIG);
            out.put(r.name(), e == null ? "?" : e.value());
          });
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("cannot read topic configs: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return out;
  }

  /**
   * Creates the topics that do not exist (never internal ones: Kafka Streams creates those),
   * compacted where the role needs it, and waits until they have leaders. A topic another instance
   * created meanwhile counts as created: two instances starting together both go on.
   *
   * @return the topics this call created
   */
  /**
   * The {@code max.message.bytes} a dead-letter topic needs for dead letters of {@code maxBytes}:
   * never below Kafka's default, with room for the batch framing.
   */
  static int deadLetterTopicBytes(int maxBytes) {
    return Math.max(1_048_588, maxBytes + 1024);
  }

  /**
   * The largest record batch {@code topic} accepts ({@code max.message.bytes}, or the broker's
   * default), or empty when it cannot be read.
   */
  public Optional<Integer> maxMessageBytes(String topic) {
    try {
      ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config c =
          admin
              .describeConfigs(List.of(r))
              .all()
              .get(CALLS.toMillis(), TimeUnit.MILLISECONDS)
              .get(r);
      ConfigEntry e = c == null ? null : c.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
      return e == null || e.value() == null
          ? Optional.empty()
          : Optional.of(Integer.parseInt(e.value().trim()));
    } catch (ExecutionException | TimeoutException | NumberFormatException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  public List<String> createMissing(List<PipelineTopic> topics) {
    Set<String> existing = existing();
    int partitions = config.getInt("topics.partitions");
    int r = config.getInt("topics.replication");
    Optional<Short> replication = r == -1 ? Optional.empty() : Optional.of((short) r);
    List<NewTopic> missing = new ArrayList<>();
    for (PipelineTopic t : topics) {
      if (t.role().createdByStreams() || existing.contains(t.name())) {
        continue;
      }
      NewTopic nt = new NewTopic(t.name(), Optional.of(partitions), replication);
      if (t.role().compacted()) {
        nt.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      }
      if (t.role() == TopicRole.DEAD_LETTER) {
        // A dead letter carries the original record: the topic takes what the producer may send.
        nt.configs(
            Map.of(
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                String.valueOf(deadLetterTopicBytes(config.deadLetterMaxBytes()))));
      }
      if (missing.stream().noneMatch(m -> m.name().equals(t.name()))) {
        missing.add(nt);
      }
    }
    if (missing.isEmpty()) {
      return List.of();
    }
    CreateTopicsResult result = admin.createTopics(missing);
    List<String> created = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<String> byOthers = new ArrayList<>();
    for (Map.Entry<String, KafkaFuture<Void>> e : result.values().entrySet()) {
      try {
        e.getValue().get(CALLS.toMillis(), TimeUnit.MILLISECONDS);
        created.add(e.getKey());
      } catch (ExecutionException ex) {
        if (ex.getCause() instanceof TopicExistsException) {
          byOthers.add(e.getKey());
        } else {
          failed.add(e.getKey() + " (" + ex.getCause().getMessage() + ")");
        }
      } catch (TimeoutException ex) {
        failed.add(e.getKey() + " (no answer within " + CALLS.toSeconds() + " s)");
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while creating topics", ex);
      }
    }
    if (!failed.isEmpty()) {
      throw new CheckFailed("cannot create topics: " + String.join(", ", failed));
    }
    TopicLeaders.await(admin, missing.stream().map(NewTopic::name).toList(), CALLS);
    if (!created.isEmpty()) {
      LOG.info("created topics {}", created);
    }
    if (!byOthers.isEmpty()) {
      LOG.info("topics {} were created meanwhile by another instance", byOthers);
    }
    return created;
  }

  private static <T> T get(KafkaFuture<T> f) {
    try {
      return f.get(CALLS.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new CheckFailed("Kafka refused a request: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new CheckFailed("Kafka did not answer within " + CALLS.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
