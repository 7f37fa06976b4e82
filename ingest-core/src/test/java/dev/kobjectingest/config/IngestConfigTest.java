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
            + "topology.customer-updates.max-wait.ms=-1\n"
            + "topology.customer-updates.interval.ms=99999999999\n"
            + "rules.dir="
            + dir.resolve("no-rules")
            + "\ntypo.setting=1\n");

    ConfigProblems p =
        catchThrowableOfType(ConfigProblems.class, () -> IngestConfig.load(file, Map.of()));

    assertThat(p.problems())
        .anyMatch(s -> s.startsWith("model: "))
        .anyMatch(s -> s.startsWith("streams.processing.guarantee: "))
        .anyMatch(s -> s.startsWith("topics.partitions: must be positive"))
        .anyMatch(s -> s.equals("topology.customer-updates.max-wait.ms: must not be negative"))
        .anyMatch(
            s ->
                s.equals(
                    "topology.customer-updates.interval.ms: must be a whole number up to "
                        + Integer.MAX_VALUE))
        .anyMatch(s -> s.startsWith("kustomer.rel.items: "))
        .anyMatch(s -> s.startsWith("typo.setting: unknown setting"))
        .anyMatch(s -> s.startsWith("rules.dir: ") && s.contains("not a directory"));
  }

  @Test
  void theOpsPortIsAPortZeroOrMinusOne() {
    for (String bad : new String[] {"99999", "-5", "65536", "http"}) {
      ConfigProblems p =
          catchThrowableOfType(
              ConfigProblems.class,
              () ->
                  IngestConfig.load(
                      null,
                      Map.of("INGEST_RULES_DIR", "../mapping-rules", "INGEST_OPS_PORT", bad)));
      assertThat(p).as(bad).isNotNull();
      assertThat(p.problems()).as(bad).anyMatch(s -> s.startsWith("ops.port: "));
    }
    for (String good : new String[] {"-1", "0", "1", "65535"}) {
      assertThat(
              catchThrowableOfType(
                  ConfigProblems.class,
                  () ->
                      IngestConfig.load(
                          null,
                          Map.of("INGEST_RULES_DIR", "../mapping-rules", "INGEST_OPS_PORT", good))))
          .as(good)
          .isNull();
    }
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

  @Test
  void aMisspeltEnvironmentVariableIsRefusedWithTheNameItMeant() {
    Map<String, String> env = new java.util.HashMap<>(RULES);
    env.put("INGEST_KUSTOMER_RATE_LIMIT_REDDIS", "redis://127.0.0.1:6379");
    env.put("INGEST_KAFKA_BOOTSTRAP_SERVER", "kafka:9092");

    ConfigProblems p =
        catchThrowableOfType(ConfigProblems.class, () -> IngestConfig.load(null, env));

    assertThat(p.problems())
        .anyMatch(
            s ->
                s.startsWith("INGEST_KUSTOMER_RATE_LIMIT_REDDIS: unknown environment variable")
                    && s.contains("did you mean INGEST_KUSTOMER_RATE_LIMIT_REDIS?"))
        .anyMatch(
            s ->
                s.startsWith("INGEST_KAFKA_BOOTSTRAP_SERVER (kafka.bootstrap.server): not a Kafka")
                    && s.contains("did you mean INGEST_KAFKA_BOOTSTRAP_SERVERS?"));
  }

  @Test
  void variablesThatAreNotSettingsPass() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(RULES);
    // Read by logback.xml, and by CI (inherited by every process it starts).
    env.put("INGEST_LOG_LEVEL", "DEBUG");
    env.put("INGEST_REQUIRE_OPS_TOOLS", "true");
    // What Kubernetes injects into every pod for Services named "ingest" and "ingest-kafka".
    env.put("INGEST_SERVICE_HOST", "10.0.0.11");
    env.put("INGEST_SERVICE_PORT", "8080");
    env.put("INGEST_SERVICE_PORT_HTTP", "8080");
    env.put("INGEST_PORT", "tcp://10.0.0.11:8080");
    env.put("INGEST_PORT_8080_TCP", "tcp://10.0.0.11:8080");
    env.put("INGEST_PORT_8080_TCP_PROTO", "tcp");
    env.put("INGEST_PORT_8080_TCP_PORT", "8080");
    env.put("INGEST_PORT_8080_TCP_ADDR", "10.0.0.11");
    env.put("INGEST_KAFKA_SERVICE_HOST", "10.0.0.12");
    env.put("INGEST_KAFKA_PORT", "tcp://10.0.0.12:9092");
    env.put("UNRELATED", "x");

    IngestConfig c = IngestConfig.load(null, env);

    assertThat(c.kafkaClientProperties()).containsOnlyKeys("bootstrap.servers");
  }

  @Test
  void aMisspeltKafkaPropertyInTheFileIsRefusedAndStreamsPrefixesPass(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("ingest.properties");
    Files.writeString(
        file,
        "rules.dir=../mapping-rules\nkafka.bootstrap.server=kafka:9092\nkafka.sasl.mechanizm=PLAIN\n");

    ConfigProblems p =
        catchThrowableOfType(ConfigProblems.class, () -> IngestConfig.load(file, Map.of()));

    assertThat(p.problems())
        .containsExactlyInAnyOrder(
            "kafka.bootstrap.server: not a Kafka client property (did you mean kafka.bootstrap.servers?)",
            "kafka.sasl.mechanizm: not a Kafka client property (did you mean kafka.sasl.mechanism?)");

    Files.writeString(
        file,
        """
        rules.dir=../mapping-rules
        kafka.producer.linger.ms=50
        kafka.main.consumer.max.poll.records=10
        kafka.topic.min.insync.replicas=2
        kafka.ssl.truststore.location=/etc/ts.p12
        """);
    assertThat(IngestConfig.load(file, Map.of()).kafkaClientProperties())
        .containsKeys(
            "producer.linger.ms", "main.consumer.max.poll.records", "ssl.truststore.location");
  }
}
