package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kobjectingest.deadletter.DeadLetterReplay;
import dev.kobjectingest.deadletter.ReplaySelection;
import dev.kobjectingest.emulator.EmulatorConfig;
import dev.kobjectingest.emulator.KustomerEmulator;
import dev.kobjectingest.kafka.embedded.SaslSslListener.Mechanism;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.testsupport.SecuredKafkaTestBroker;
import dev.kobjectingest.tools.demo.DemoOrders;
import dev.kobjectingest.tools.demo.DemoSummary;
import dev.kobjectingest.tools.demo.Scenario;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline and its tools against a broker that, like every managed Kafka, admits only SASL over
 * TLS, configured the way the README shows for Confluent Cloud (SASL_SSL, PLAIN, a JAAS line, a
 * trust store). The broker has no other client listener, so every client that works got the
 * settings: {@code topics}, {@code backfill}, {@code run}'s start-up checks, Streams and the sink
 * with its id tables, and {@code replay}. The password never shows in anything they print.
 */
class SaslSslIT {
  private static final int BUDGET = 6000;
  private static SecuredKafkaTestBroker kafka;
  private static KustomerEmulator emulator;

  @BeforeAll
  static void start() {
    kafka = SecuredKafkaTestBroker.start(Mechanism.PLAIN);
    emulator = KustomerEmulator.start(EmulatorConfig.defaults().withRateLimitPerMinute(BUDGET));
  }

  @AfterAll
  static void stop() {
    emulator.close();
    kafka.close();
  }

  private static Path configFile(Path dir, String name, Map<String, String> settings)
      throws Exception {
    Properties p = new Properties();
    p.putAll(settings);
    Path file = dir.resolve(name);
    try (Writer w = Files.newBufferedWriter(file)) {
      p.store(w, null);
    }
    return file;
  }

  private static Map<String, String> settings(Path dir, Map<String, String> kafkaSettings) {
    Map<String, String> s = new HashMap<>(kafkaSettings);
    s.put("rules.dir", E2eFixture.RULES.toString());
    s.put("kustomer.base-url", emulator.baseUrl().toString());
    s.put("kustomer.rate-limit.per-minute", String.valueOf(BUDGET));
    s.put("streams.state.dir", dir.resolve("state").toString());
    s.put("topics.partitions", "3");
    s.put("ops.port", "0");
    s.put("sink.retry.base.ms", "50");
    return s;
  }

  @Test
  void topicsBackfillRunAndReplayWorkOverSaslSslAndNeverPrintThePassword(@TempDir Path dir)
      throws Exception {
    Map<String, String> env = Map.of("KUSTOMER_API_KEY", emulator.config().apiKey());
    Map<String, String> settings = settings(dir, kafka.ingestSettings());
    String config = configFile(dir, "ingest.properties", settings).toString();
    List<String> printed = new ArrayList<>();

    PackagedCli.Result created =
        PackagedCli.run(dir, env, "topics", "--config", config, "--create");
    printed.add(created.all());
    assertThat(created.exitCode()).as(created.all()).isZero();
    assertThat(created.out()).contains("created 8: ");

    // A broken record with an email in it, loaded through backfill: it must reach the pipeline
    // (and die there), and no tool may print its email.
    Path history = dir.resolve("history.jsonl");
    Files.writeString(
        history, "{\"order_number\": \"BROKEN-1\", \"email\": \"leak.me@example.com\",\n");
    PackagedCli.Result backfill =
        PackagedCli.run(
            dir,
            env,
            "backfill",
            "--config",
            config,
            "--file",
            history.toString(),
            "--topic",
            "orders.raw");
    printed.add(backfill.all());
    assertThat(backfill.exitCode()).as(backfill.all()).isZero();
    assertThat(backfill.out()).contains("1 published");

    // The scenario's own clients (publishing, watching dead letters) use the same settings.
    Scenario scenario =
        new Scenario(
            kafka.bootstrapServers(),
            emulator,
            "",
            E2eFixture.RULES,
            dir.resolve("scenario"),
            WriteModel.NESTED,
            BUDGET,
            settings,
            new PrintWriter(new StringWriter(), true),
            System::nanoTime);
    DemoOrders orders = new DemoOrders(60, 11);
    long start = System.nanoTime();
    scenario.publish(orders.records());

    PackagedCli.Running run = PackagedCli.start(dir, env, "run", "--config", config);
    try {
      DemoSummary s =
          scenario.await(
              orders,
              Duration.ofMinutes(3),
              () -> run.process().isAlive() ? null : "run exited",
              start,
              true);
      E2eFixture.assertInvariants(s, BUDGET);
      assertThat(s.delivered()).isEqualTo(orders.validOrders().size());
      // The demo set's invalid order and the backfilled record, both invalid JSON, dead-lettered.
      DeadLetterReplay inProcess =
          new DeadLetterReplay(
              scenario.config().kafkaClientProperties(),
              scenario.config().get("topics.dead-letters"));
      ReplaySelection invalidJson =
          new ReplaySelection(
              Set.of("invalid-json"), Set.of(), Set.of(), null, null, 0, Long.MAX_VALUE);
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> inProcess.run(invalidJson, true, rec -> {}).matched() == 2);
      // Replayed records die again; selecting by time keeps those out of the second run's count.
      String until = Instant.now().toString();

      PackagedCli.Result dry =
          PackagedCli.run(
              dir,
              env,
              "replay",
              "--config",
              config,
              "--reason",
              "invalid-json",
              "--until",
              until,
              "--dry-run");
      printed.add(dry.all());
      assertThat(dry.exitCode()).as(dry.all()).isZero();
      assertThat(dry.out())
          .contains("from orders.raw  key -")
          .contains("from orders.raw  key INVALID-0")
          .contains("2 matched, 2 would be re-published");

      PackagedCli.Result first =
          PackagedCli.run(
              dir, env, "replay", "--config", config, "--reason", "invalid-json", "--until", until);
      printed.add(first.all());
      assertThat(first.out()).contains("2 matched, 2 re-published; 0 skipped");
      await()
          .atMost(Duration.ofMinutes(1))
          .until(
              () ->
                  new DeadLetterReplay(
                              scenario.config().kafkaClientProperties(),
                              scenario.config().get("topics.dead-letters"))
                          .run(invalidJson, true, rec -> {})
                          .matched()
                      == 4);
      PackagedCli.Result second =
          PackagedCli.run(
              dir, env, "replay", "--config", config, "--reason", "invalid-json", "--until", until);
      printed.add(second.all());
      assertThat(second.out())
          .contains("scanned 2 dead letters, 0 matched, 0 re-published; 2 skipped");
    } finally {
      run.stop();
      printed.add(run.output());
    }
    assertThat(printed.get(printed.size() - 1)).contains("start-up checks passed");
    assertThat(printed).noneMatch(s -> s.contains(kafka.password()));
    assertThat(printed).noneMatch(s -> s.contains("leak.me"));
  }

  @Test
  void aWrongPasswordStopsRunWithinTenSecondsWithOneLine(@TempDir Path dir) throws Exception {
    String wrong = "wrong-" + kafka.password();
    String config =
        configFile(dir, "wrong.properties", settings(dir, kafka.ingestSettings(wrong))).toString();

    PackagedCli.Result r =
        PackagedCli.run(
            dir, Map.of("KUSTOMER_API_KEY", emulator.config().apiKey()), "run", "--config", config);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.seconds()).isLessThan(10);
    assertThat(r.err().lines().toList())
        .singleElement()
        .asString()
        .startsWith(
            "error: kafka.sasl.jaas.config: the broker at "
                + kafka.bootstrapServers()
                + " refused the credentials");
    assertThat(r.all()).doesNotContain(wrong).doesNotContain(kafka.password());
  }
}
