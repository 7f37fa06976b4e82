package dev.kobjectingest.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.testing.RulesDirs;
import dev.kobjectingest.testsupport.KafkaTestBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code topics} and {@code backfill}'s topic check on a real broker: from a configuration naming
 * topics that do not exist yet to every topic in place, without code.
 */
class TopicsCommandIT {
  private final KafkaTestBroker kafka = KafkaTestBroker.shared();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return IngestCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private Path configFile(Path dir, String ns) throws Exception {
    Properties p = new Properties();
    p.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    p.put(
        "rules.dir",
        RulesDirs.namespaced(Path.of("..", "mapping-rules"), dir.resolve("rules"), ns).toString());
    p.put("streams.application.id", ns + ".app");
    p.put("topics.partitions", "2");
    for (String t :
        List.of(
            "dead-letters", "customer-commands", "order-commands", "customer-ids", "sink-ids")) {
      p.put("topics." + t, ns + ".ingest." + t);
    }
    Path file = dir.resolve("ingest.properties");
    try (Writer w = Files.newBufferedWriter(file)) {
      p.store(w, null);
    }
    return file;
  }

  @Test
  void listsEveryTopicWithItsRoleAndCreatesTheMissingOnes(@TempDir Path dir) throws Exception {
    String ns = kafka.uniqueTopic("cli");
    String config = configFile(dir, ns).toString();

    assertThat(run("topics", "--config", config)).isZero();
    assertThat(out.toString())
        .contains(ns + ".orders.raw", "raw", "MISSING (rule orders.yaml)")
        .contains(ns + ".ingest.customer-ids", "id table", "MISSING (topics.customer-ids)")
        .contains(ns + ".app-order-events-repartition", "internal", "Kafka Streams creates it")
        .contains("8 missing: ")
        .contains("`topics --config " + config + " --create` creates them");

    assertThat(run("topics", "--config", config, "--create", "--dry-run")).isZero();
    assertThat(out.toString())
        .contains("would create " + ns + ".ingest.sink-ids (2 partitions, compacted)")
        .contains("would create " + ns + ".orders.raw (2 partitions)");
    assertThat(kafka.admin().listTopics().names().get()).noneMatch(t -> t.startsWith(ns));

    assertThat(run("topics", "--config", config, "--create")).isZero();
    assertThat(out.toString()).contains("created 8: ");

    assertThat(run("topics", "--config", config)).isZero();
    assertThat(out.toString())
        .contains("every topic the pipeline needs exists")
        .containsPattern(ns + "\\.ingest\\.customer-ids\\s+id table\\s+2\\s+compact\\s+present")
        .containsPattern(ns + "\\.orders\\.raw\\s+raw\\s+2\\s+delete\\s+present");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void backfillToATopicThatDoesNotExistStopsInSecondsWithOneLine(@TempDir Path dir)
      throws Exception {
    String ns = kafka.uniqueTopic("cli");
    String config = configFile(dir, ns).toString();
    Path file = dir.resolve("orders.jsonl");
    Files.writeString(file, "{\"order_number\":\"A-1\"}\n");

    long start = System.nanoTime();
    int rc =
        run(
            "backfill",
            "--config",
            config,
            "--file",
            file.toString(),
            "--topic",
            ns + ".orders.raw");
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(rc).isEqualTo(1);
    assertThat(seconds).isLessThan(10);
    assertThat(err.toString().strip())
        .isEqualTo(
            "error: topic "
                + ns
                + ".orders.raw does not exist on kafka.bootstrap.servers="
                + kafka.bootstrapServers()
                + "; create it with `topics --config "
                + config
                + " --create`");
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .noneMatch(name -> name.endsWith(".checkpoint"));
    }
  }
}
