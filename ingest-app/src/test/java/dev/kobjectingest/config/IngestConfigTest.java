package dev.kobjectingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kobjectingest.mapping.WriteModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestConfigTest {
  private static final Map<String, String> RULES = Map.of("INGEST_RULES_DIR", "../mapping-rules");

  @Test
  void defaultsLoadWithTheShippedRules() throws Exception {
    IngestConfig c = IngestConfig.load(null, RULES);

    assertThat(c.model()).isEqualTo(WriteModel.NESTED);
    assertThat(c.get("streams.processing.guarantee")).isEqualTo("exactly_once_v2");
    assertThat(c.rules().topics())
        .containsExactlyInAnyOrder("orders.raw", "shipments.raw", "line-items.raw");
    assertThat(c.kafkaClientProperties()).containsEntry("bootstrap.servers", "localhost:9092");
  }

  @Test
  void theFileThenTheEnvironmentThenTheCommandLineWin(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ingest.properties");
    Files.writeString(
        file,
        "model=rel\nkafka.bootstrap.servers=file:9092\nkafka.security.protocol=SASL_SSL\ntopics.partitions=3\n");

    IngestConfig c =
        IngestConfig.load(
            file,
            Map.of(
                "INGEST_RULES_DIR",
                "../mapping-rules",
                "INGEST_TOPICS_PARTITIONS",
                "12",
                "INGEST_KAFKA_SASL_MECHANISM",
                "PLAIN"),
            Map.of("kafka.bootstrap.servers", "cli:9092"));

    assertThat(c.model()).isEqualTo(WriteModel.REL);
    assertThat(c.getInt("topics.partitions")).isEqualTo(12);
    assertThat(c.kafkaClientProperties())
        .containsEntry("bootstrap.servers", "cli:9092")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN");
  }

  @Test
  void everyProblemIsListedAtOnceIncludingTheRules(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.properties");
    Files.writeString(
        file,
        "model=tree\nstreams.processing.guarantee=maybe\ntopics.partitions=0\nkustomer.rel.items=items\n"
            + "rules.dir="
            + dir.resolve("no-rules")
            + "\ntypo.setting=1\n");

    ConfigProblems p =
        catchThrowableOfType(ConfigProblems.class, () -> IngestConfig.load(file, Map.of()));

    assertThat(p.problems())
        .anyMatch(s -> s.startsWith("model: "))
        .anyMatch(s -> s.startsWith("streams.processing.guarantee: "))
        .anyMatch(s -> s.startsWith("topics.partitions: must be positive"))
        .anyMatch(s -> s.startsWith("kustomer.rel.items: "))
        .anyMatch(s -> s.startsWith("typo.setting: unknown setting"))
        .anyMatch(s -> s.startsWith("rules.dir: ") && s.contains("not a directory"));
  }

  @Test
  void everySettingHasADefaultAndADoc() {
    assertThat(IngestConfig.SETTINGS)
        .allSatisfy(
            s -> {
              assertThat(s.defaultValue()).isNotNull();
              assertThat(s.doc()).isNotBlank();
              assertThat(s.envName()).matches("INGEST_[A-Z0-9_]+");
            });
  }
}
