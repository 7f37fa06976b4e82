package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.mapping.WriteModel;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration is read once, into typed settings. */
class SinkSettingsTest {
  private static final Map<String, String> RULES = Map.of("INGEST_RULES_DIR", "../mapping-rules");

  @Test
  void theDefaultsAsTyped() throws Exception {
    SinkSettings s = SinkSettings.from(IngestConfig.load(null, RULES), "1.0");

    assertThat(s.topics())
        .isEqualTo(
            new SinkSettings.Topics(
                "ingest.customer-commands",
                "ingest.order-commands",
                "ingest.customer-ids",
                "ingest.sink-ids",
                "ingest.dead-letters"));
    assertThat(s.groupId()).isEqualTo("kobject-ingest-sink");
    assertThat(s.loop())
        .isEqualTo(
            new LoopSettings(
                800,
                Duration.ofMillis(100),
                Duration.ofMillis(500),
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                true));
    assertThat(s.retry())
        .isEqualTo(
            new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofMinutes(15)));
    assertThat(s.bulk())
        .isEqualTo(
            new BulkSettings(
                true, 20, 100, Duration.ofMillis(250), true, Duration.ofMinutes(15), true));
    assertThat(s.kustomer().baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8089"));
    assertThat(s.kustomer().model()).isEqualTo(WriteModel.NESTED);
    assertThat(s.kustomer().klassBootstrap()).isTrue();
    assertThat(s.kustomer().failWhenKlassMissing()).isFalse();
    assertThat(s.budget())
        .isEqualTo(new BudgetSettings(1000, 0.95, "", "kobject-ingest-budget", 100));
    assertThat(s.budget().shared()).isFalse();
    assertThat(s.workerThreads()).isEqualTo(2 * 16 + 3 * 100);
    assertThat(s.maxPollRecords()).isEqualTo(200);
    assertThat(s.appVersion()).isEqualTo("1.0");
  }

  @Test
  void overridesReachTheirSetting() throws Exception {
    IngestConfig c =
        IngestConfig.load(
            null,
            RULES,
            Map.of(
                "sink.max-in-flight", "4",
                "sink.bulk.enabled", "false",
                "sink.coalesce", "false",
                "sink.retry.deadline.ms", "60000",
                "kustomer.klass.bootstrap", "false",
                "kustomer.klass.missing", "fail",
                "kustomer.rate-limit.redis", "redis://localhost:6379",
                "model", "rel"));

    SinkSettings s = SinkSettings.from(c, "dev");

    assertThat(s.loop().maxPending()).isEqualTo(200);
    assertThat(s.loop().coalesce()).isFalse();
    assertThat(s.retry().deadline()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.bulk().enabled()).isFalse();
    assertThat(s.bulk().jobDeadline()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.workerThreads()).isEqualTo(8);
    assertThat(s.maxPollRecords()).isEqualTo(100);
    assertThat(s.kustomer().failWhenKlassMissing()).isTrue();
    assertThat(s.kustomer().model()).isEqualTo(WriteModel.REL);
    assertThat(s.budget().shared()).isTrue();
  }
}
