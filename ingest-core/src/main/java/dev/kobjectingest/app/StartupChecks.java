package dev.kobjectingest.app;

import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.kustomer.ApiKey;
import dev.kobjectingest.kustomer.KustomerClient;
import dev.kobjectingest.kustomer.TokenCheck;
import dev.kobjectingest.kustomer.budget.Budgets;
import dev.kobjectingest.kustomer.budget.RedisCheck;
import dev.kobjectingest.support.CheckFailed;
import dev.kobjectingest.topics.PipelineTopic;
import dev.kobjectingest.topics.PipelineTopics;
import dev.kobjectingest.topics.TopicAdmin;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code run} proves before it starts anything, each within {@code startup.timeout.ms}: Kafka
 * answers (and accepts the credentials), the source topics exist, the budget's Redis answers, and
 * Kustomer answers and accepts the key. The first that fails stops start-up with one line naming
 * the setting to fix; without these, a wrong address only showed as retries in the log.
 */
public final class StartupChecks {
  private static final Logger LOG = LoggerFactory.getLogger(StartupChecks.class);

  private final IngestConfig config;
  private final Duration timeout;

  public StartupChecks(IngestConfig config) {
    this.config = config;
    this.timeout = Duration.ofMillis(config.getInt("startup.timeout.ms"));
  }

  /**
   * Runs every check.
   *
   * @param keySetting where the key came from, for the message; never the key
   * @param topicsCommand how the operator runs the {@code topics} command with this configuration
   * @throws CheckFailed with the one line for the operator
   */
  public void run(ApiKey key, String keySetting, String topicsCommand) throws InterruptedException {
    long start = System.nanoTime();
    kafka(topicsCommand);
    String redis = config.get("kustomer.rate-limit.redis");
    if (!redis.isBlank()) {
      RedisCheck.ping(redis, timeout);
    }
    kustomer(key, keySetting, redis);
    LOG.info(
        "start-up checks passed in {} ms: Kafka, topics{}, Kustomer and the API key",
        (System.nanoTime() - start) / 1_000_000,
        redis.isBlank() ? "" : ", Redis");
  }

  private void kafka(String topicsCommand) {
    List<PipelineTopic> required = new ArrayList<>();
    boolean createSources = Boolean.parseBoolean(config.get("topics.create-sources"));
    if (!createSources) {
      required.addAll(PipelineTopics.sources(config));
    }
    if (!Boolean.parseBoolean(config.get("topics.create"))) {
      required.addAll(PipelineTopics.own(config));
    }
    try (TopicAdmin admin = TopicAdmin.connect(config, "startup")) {
      Set<String> existing = admin.existing();
      List<PipelineTopic> missing =
          required.stream().filter(t -> !existing.contains(t.name())).toList();
      if (!missing.isEmpty()) {
        throw new CheckFailed(
            "topics missing on kafka.bootstrap.servers="
                + config.get("kafka.bootstrap.servers")
                + ": "
                + missing.stream()
                    .map(t -> t.name() + " (" + t.namedBy() + ")")
                    .collect(Collectors.joining(", "))
                + "; create them with `"
                + topicsCommand
                + " --create`"
                + createSetting(missing, PipelineTopics.sources(config)));
      }
    }
  }

  /** The setting that lets the pipeline create the missing topics itself. */
  private String createSetting(List<PipelineTopic> missing, List<PipelineTopic> sources) {
    boolean source = missing.stream().anyMatch(sources::contains);
    boolean own = missing.stream().anyMatch(t -> !sources.contains(t));
    List<String> settings = new ArrayList<>();
    if (source) {
      settings.add("topics.create-sources=true");
    }
    if (own) {
      settings.add("topics.create=true");
    }
    return ", or set " + String.join(" and ", settings);
  }

  /**
   * The check's one request is counted in the shared budget when there is one (Redis); a local
   * bucket is this instance's alone and not built yet, and the share's headroom covers one call.
   */
  private void kustomer(ApiKey key, String keySetting, String redis) throws InterruptedException {
    if (!redis.isBlank()) {
      try (Budgets.SharedBucket shared =
          Budgets.redis(
              redis,
              config.get("kustomer.rate-limit.key"),
              config.getInt("kustomer.rate-limit.per-minute"),
              Double.parseDouble(config.get("kustomer.rate-limit.share")))) {
        if (!shared.bucket().asBlocking().tryConsume(1, timeout)) {
          LOG.warn("the shared budget had no room within {} s; checking the key anyway", timeout);
        }
      }
    }
    Duration connect =
        min(timeout, Duration.ofMillis(config.getInt("kustomer.timeout.connect.ms")));
    KustomerClient client =
        new KustomerClient(URI.create(config.get("kustomer.base-url")), key, connect, timeout);
    TokenCheck.verify(client, keySetting, timeout);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
