package dev.kobjectingest.e2e;

import static dev.kobjectingest.e2e.OpsProbe.await;
import static dev.kobjectingest.e2e.OpsProbe.awaitCause;
import static dev.kobjectingest.e2e.OpsProbe.awaitCleared;
import static dev.kobjectingest.e2e.OpsProbe.get;
import static dev.kobjectingest.e2e.OpsProbe.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.emulator.EmulatorConfig;
import dev.kobjectingest.emulator.FaultSpec;
import dev.kobjectingest.emulator.KustomerEmulator;
import dev.kobjectingest.kafka.embedded.EmbeddedKafkaBroker;
import dev.kobjectingest.kustomer.ApiKey;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.metrics.NotReady;
import dev.kobjectingest.metrics.OpsServer;
import dev.kobjectingest.tools.demo.DemoOrders;
import dev.kobjectingest.tools.demo.Scenario;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health tells the truth, against real brokers and the emulator: Kafka gone (the packaged jar: its
 * readiness, its log, its SIGTERM), the pipeline's topics deleted under it, Kustomer answering only
 * 429, and a sink that cannot go on. Thresholds are short so each fault shows in seconds; every
 * wait is for a condition, and each test logs what it measured.
 */
class HealthTruthIT {
  private static final Logger LOG = LoggerFactory.getLogger(HealthTruthIT.class);
  private static final Map<String, String> QUICK =
      Map.of(
          "kafka.watch.interval.ms", "1000",
          "kafka.unreachable.after.ms", "5000",
          "kustomer.unreachable.after.ms", "3000");

  /**
   * The test's own broker (the shared one serves other tests) is stopped under the packaged jar:
   * kafka-unreachable after the threshold while /health/live stays UP, no Kafka client line
   * repeated meanwhile, cleared when the broker is back; with it gone again, SIGTERM exits in time.
   */
  @Test
  void kafkaGoneIsNotReadyLogsLittleClearsWhenBackAndSigtermExitsInTime() throws Exception {
    Path dir = Files.createTempDirectory("health-kafka");
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0, Map.of(), false);
    String bootstrap = broker.bootstrapServers();
    int kafkaPort = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    Process run = null;
    try (KustomerEmulator emulator =
        KustomerEmulator.start(
            EmulatorConfig.defaults().withRateLimitPerMinute(6000).withCustomerUniqueness(false))) {
      Scenario scenario = scenario(bootstrap, emulator);
      int port = OpsProbe.freePort();
      Path log = Files.createTempFile("health-kafka", ".log");
      run = PipelineProcess.start(config(scenario, port), emulator.config().apiKey(), log);
      await(port, "/health/ready", r -> r.statusCode() == 200, Duration.ofMinutes(2));
      scenario.publish(new DemoOrders(20, 5).records());
      awaitOrders(emulator, 5);

      int linesBefore = lines(log).size();
      long killed = System.nanoTime(); // a broker's stop takes a while, and ends its answers
      broker.close();
      HttpResponse<String> notReady =
          await(port, "/health/ready", HealthTruthIT::kafkaUnreachable, minute());
      double toNotReady = since(killed);
      int linesAt = lines(log).size();
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("kafka.bootstrap.servers=" + bootstrap);
      assertThat(get(port, "/health/live").statusCode()).as("waiting Kafka out").isEqualTo(200);
      assertThat(toNotReady)
          .as("5 s threshold from the last answer (up to a 1 s look before): %.1f s", toNotReady)
          .isBetween(3.9, 12.0);
      Map<String, Long> repeats = kafkaClientLines(lines(log).subList(linesBefore, linesAt));
      LOG.info(
          "broker stopped: kafka-unreachable after {} s; {} Kafka client lines meanwhile (log: {})",
          seconds(toNotReady),
          repeats.values().stream().mapToLong(Long::longValue).sum(),
          log);
      assertThat(repeats)
          .as("no Kafka client line twice within 30 s")
          .allSatisfy((l, n) -> assertThat(n).as(l).isEqualTo(1));

      broker = EmbeddedKafkaBroker.start(dir, kafkaPort, Map.of(), false);
      long back = System.nanoTime();
      await(port, "/health/ready", r -> !kafkaUnreachable(r), minute());
      LOG.info("broker back: kafka-unreachable cleared after {} s", seconds(since(back)));

      broker.close();
      await(port, "/health/ready", HealthTruthIT::kafkaUnreachable, minute());
      long term = System.nanoTime();
      run.destroy(); // SIGTERM
      boolean exited = run.waitFor(60, TimeUnit.SECONDS);
      double toExit = since(term);
      LOG.info("SIGTERM with the broker gone: exited in {} s", seconds(toExit));
      assertThat(exited).isTrue();
      assertThat(toExit).as("within Kubernetes' 30 s grace period").isLessThan(30.0);
      assertThat(run.exitValue()).isEqualTo(143);
    } finally {
      if (run != null) {
        run.destroyForcibly();
        run.waitFor(30, TimeUnit.SECONDS);
      }
      broker.close();
    }
  }

  /**
   * The order commands and the sink's id table are deleted under a running pipeline: the next look
   * names both with the settings that name them, no sink loop stops without the instance failing,
   * and once they exist again the cause clears.
   */
  @Test
  void deletedTopicsAreNamedUntilTheyExistAgainAndNoSinkLoopStopsSilently() throws Exception {
    try (E2eFixture f = new E2eFixture(WriteModel.NESTED, 6000, QUICK);
        Pipeline p = f.scenario.startPipeline()) {
      f.scenario.publish(new DemoOrders(20, 6).records());
      awaitOrders(f.emulator, 5);
      String commands = f.scenario.settings().get("topics.order-commands");
      String ids = f.scenario.settings().get("topics.sink-ids");
      DeletedTopics deleted = DeletedTopics.delete(f, List.of(commands, ids));
      long gone = System.nanoTime();

      NotReady missing = awaitCause(p, NotReady.TOPICS_MISSING, Duration.ofSeconds(30));
      LOG.info("topics deleted: topics-missing after {} s: {}", seconds(since(gone)), missing);
      assertThat(missing.detail())
          .contains(commands + " (topics.order-commands)")
          .contains(ids + " (topics.sink-ids)");
      assertNoSilentSinkStop(p);

      deleted.recreate();
      awaitCleared(p, NotReady.TOPICS_MISSING, Duration.ofSeconds(30));
      assertNoSilentSinkStop(p);
    }
  }

  /**
   * Kustomer answers every request 429: kustomer-throttling (not kustomer-unreachable) once only
   * 429 came for the threshold, its "for N s" counted from the first 429, cleared by a good answer.
   */
  @Test
  void kustomerAnsweringOnly429IsThrottlingUntilItAcceptsAgain() throws Exception {
    try (E2eFixture f = new E2eFixture(WriteModel.NESTED, 6000, QUICK)) {
      f.emulator.applyFaults(FaultSpec.parse("429=100%"));
      long started = System.nanoTime(); // its start-up requests are answered 429 too
      try (Pipeline p = f.scenario.startPipeline()) {
        f.scenario.publish(new DemoOrders(20, 8).records());
        NotReady throttling = awaitCause(p, NotReady.KUSTOMER_THROTTLING, minute());
        double upTo = since(started);
        LOG.info("Kustomer answering only 429: {}", throttling);
        long n = Long.parseLong(throttling.detail().replaceAll(".*only 429 for (\\d+) s.*", "$1"));
        assertThat(n)
            .as("at least the 3 s threshold, at most since the start (%.1f s)", upTo)
            .isBetween(3L, (long) upTo + 1);
        assertThat(p.notReady())
            .extracting(NotReady::cause)
            .doesNotContain(NotReady.KUSTOMER_UNREACHABLE);

        f.emulator.applyFaults(FaultSpec.none());
        awaitCleared(p, NotReady.KUSTOMER_THROTTLING, minute());
        assertThat(p.failure()).isNull();
      }
    }
  }

  /**
   * A sink that cannot go on (here Kustomer refuses the key) turns /health/live DOWN, and it stays
   * DOWN while the pipeline stops: the stop that follows a failure is no SIGTERM.
   */
  @Test
  void aSinkThatCannotGoOnIsDownOnLiveUntilItHasStopped() throws Exception {
    try (E2eFixture f = new E2eFixture(WriteModel.NESTED, 6000, QUICK)) {
      f.scenario.publish(new DemoOrders(5, 2).records());
      Pipeline p = Pipeline.start(f.scenario.config(), ApiKey.of("revoked-key"), "test");
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      p.bindTo(registry);
      Thread stopping = new Thread(p::close, "stopping");
      try (OpsServer ops = OpsServer.start(0, registry, p::notReady, p::failure)) {
        HttpResponse<String> live =
            await(ops.port(), "/health/live", r -> r.statusCode() == 503, minute());
        assertThat(live.body()).contains("\"status\":\"DOWN\"").contains("the sink stopped");
        stopping.start();
        while (stopping.isAlive()) {
          assertThat(get(ops.port(), "/health/live").statusCode())
              .as("while stopping")
              .isEqualTo(503);
          stopping.join(100);
        }
        assertThat(get(ops.port(), "/health/live").body()).isEqualTo(live.body());
      } finally {
        if (stopping.getState() == Thread.State.NEW) {
          stopping.start();
        }
        stopping.join();
      }
    }
  }

  private static void assertNoSilentSinkStop(Pipeline p) {
    if (p.notReady().stream().anyMatch(c -> c.cause().equals(NotReady.SINK_STOPPED))) {
      assertThat(p.failure()).as("a stopped sink loop fails the instance").isNotNull();
    }
  }

  /** Kafka clients' lines (WARN and up, as logged) by logger and message, and how often. */
  private static Map<String, Long> kafkaClientLines(List<String> lines) {
    return lines.stream()
        .filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*\\] o\\.a\\.k.*"))
        .map(l -> l.substring(l.indexOf("] ") + 2))
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  private static boolean kafkaUnreachable(HttpResponse<String> r) {
    return r.body().contains(NotReady.KAFKA_UNREACHABLE);
  }

  private static Scenario scenario(String bootstrap, KustomerEmulator emulator) throws Exception {
    Map<String, String> o = new java.util.HashMap<>(QUICK);
    o.put("sink.retry.base.ms", "50");
    o.put("sink.retry.max.ms", "2000");
    return new Scenario(
        bootstrap,
        emulator,
        "health-" + Long.toHexString(System.nanoTime()),
        E2eFixture.RULES,
        Files.createTempDirectory("health"),
        WriteModel.NESTED,
        6000,
        o,
        new PrintWriter(new StringWriter(), true),
        System::nanoTime);
  }

  private static Path config(Scenario scenario, int port) throws Exception {
    Properties p = new Properties();
    p.putAll(scenario.settings());
    p.put("ops.port", String.valueOf(port));
    Path config = Files.createTempFile("health", ".properties");
    try (var out = Files.newBufferedWriter(config)) {
      p.store(out, "HealthTruthIT");
    }
    return config;
  }

  private static void awaitOrders(KustomerEmulator emulator, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (emulator.stats().path("kobjects").path("order").asInt() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("fewer than " + n + " orders written: " + emulator.stats());
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  private static Duration minute() {
    return Duration.ofMinutes(1);
  }

  private static double since(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  private static String seconds(double s) {
    return String.format(java.util.Locale.ROOT, "%.1f", s);
  }
}
