package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.emulator.EmulatorConfig;
import dev.kobjectingest.emulator.FaultSpec;
import dev.kobjectingest.emulator.KustomerEmulator;
import dev.kobjectingest.kafka.embedded.EmbeddedKafkaBroker;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.metrics.NotReady;
import dev.kobjectingest.tools.demo.DemoOrders;
import dev.kobjectingest.tools.demo.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an adversarial tester found health saying untruthfully, each against the packaged pipeline
 * (or, for Kustomer, the pipeline in process) and real brokers: Kafka gone, the pipeline's own
 * topics deleted under it, Kustomer answering only 429. Each measures what it proves (seconds to
 * not-ready, log lines per minute, seconds to exit on SIGTERM) and logs it.
 */
class HealthTruthIT {
  private static final Logger LOG = LoggerFactory.getLogger(HealthTruthIT.class);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * Findings 1, 3 and 5: the broker is killed under a running instance (a broker of this test's
   * own, the shared one serves other tests). Readiness says kafka-unreachable within the threshold
   * plus one look, liveness stays up (the instance waits it out), the Kafka clients' warnings stay
   * a few lines a minute, readiness clears when the broker is back, and with the broker gone again
   * a SIGTERM still exits within Kubernetes' 30 s grace period.
   */
  @Test
  void kafkaGoneIsNotReadyLogsLittleClearsWhenBackAndSigtermExitsInTime() throws Exception {
    Path dir = Files.createTempDirectory("health-kafka");
    Broker broker = new Broker(EmbeddedKafkaBroker.start(dir, 0, Map.of(), false));
    String bootstrap = broker.running.bootstrapServers();
    int kafkaPort = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    KustomerEmulator emulator = emulator();
    Process run = null;
    try {
      Scenario scenario = scenario(bootstrap, emulator);
      int port = freePort();
      Path log = Files.createTempFile("health-kafka", ".log");
      run = PipelineProcess.start(config(scenario, port), emulator.config().apiKey(), log);
      awaitReady(port, r -> r.statusCode() == 200, Duration.ofMinutes(2));
      scenario.publish(new DemoOrders(40, 5).records());
      awaitOrders(emulator, 10, Duration.ofMinutes(2));

      broker.close();
      long killed = System.nanoTime();
      int linesBefore = lines(log);
      HttpResponse<String> notReady =
          awaitReady(
              port, r -> r.body().contains(NotReady.KAFKA_UNREACHABLE), Duration.ofSeconds(60));
      long toNotReady = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killed);
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("kafka.bootstrap.servers=" + bootstrap);
      assertThat(get(port, "/health/live").statusCode()).as("waiting Kafka out").isEqualTo(200);
      TimeUnit.NANOSECONDS.sleep(Duration.ofSeconds(60).toNanos() - (System.nanoTime() - killed));
      int perMinute = lines(log) - linesBefore;
      LOG.info(
          "broker killed: kafka-unreachable after {} s; {} log lines in the first minute: {}",
          toNotReady,
          perMinute,
          notReady.body());
      assertThat(toNotReady).as("threshold 30 s, one look 10 s, its timeout 5 s").isLessThan(50);
      assertThat(perMinute).as("log lines in the outage's first minute").isLessThan(120);

      broker.running = EmbeddedKafkaBroker.start(dir, kafkaPort, Map.of(), false);
      long back = System.nanoTime();
      awaitReady(port, r -> !r.body().contains(NotReady.KAFKA_UNREACHABLE), Duration.ofSeconds(60));
      LOG.info(
          "broker back: kafka-unreachable cleared after {} s",
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - back));

      broker.close();
      int linesAtSecondKill = lines(log);
      awaitLog(log, linesAtSecondKill, "WARN", Duration.ofSeconds(60)); // the clients noticed
      long term = System.nanoTime();
      run.destroy(); // SIGTERM
      boolean exited = run.waitFor(60, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - term) / 1e9;
      LOG.info("SIGTERM with the broker gone: exited in {} s", String.format("%.1f", seconds));
      assertThat(exited).isTrue();
      assertThat(seconds).as("within the 30 s grace period").isLessThan(30);
      assertThat(run.exitValue()).isEqualTo(143);
    } finally {
      if (run != null) {
        run.destroyForcibly();
        run.waitFor(30, TimeUnit.SECONDS);
      }
      emulator.close();
      broker.close();
    }
  }

  /**
   * Findings 2 and 3: the pipeline's own topics are deleted under a running instance. Readiness
   * names them at the next look; the id table's consumer does not flood the log; no sink loop dies
   * silently (if one dies, the process exits 1 with one "error:" line, /health/live saying DOWN
   * until then); and once the topics exist again a restarted instance writes again.
   */
  @Test
  void deletedTopicsAreNamedLogLittleNeverStopTheSinkSilentlyAndARestartWorks() throws Exception {
    try (E2eFixture f = new E2eFixture(WriteModel.NESTED, 6000, Map.of())) {
      int port = freePort();
      Path config = config(f.scenario, port);
      Path log = Files.createTempFile("health-topics", ".log");
      Process run = PipelineProcess.start(config, f.emulator.config().apiKey(), log);
      Process second = null;
      try {
        awaitReady(port, r -> r.statusCode() == 200, Duration.ofMinutes(2));
        f.scenario.publish(new DemoOrders(30, 6).records());
        awaitOrders(f.emulator, 10, Duration.ofMinutes(2));

        List<String> deleted =
            List.of(
                f.scenario.settings().get("topics.order-commands"),
                f.scenario.settings().get("topics.sink-ids"));
        try (Admin admin = admin(f)) {
          admin.deleteTopics(deleted).all().get(30, TimeUnit.SECONDS);
        }
        long gone = System.nanoTime();
        int linesBefore = lines(log);
        HttpResponse<String> missing =
            awaitReady(
                port, r -> r.body().contains(NotReady.TOPICS_MISSING), Duration.ofSeconds(30));
        long toNotReady = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - gone);
        assertThat(missing.body()).contains(deleted.get(0)).contains(deleted.get(1));

        // The tester's sink thread died at about 2 minutes: watch that long.
        long deadline = gone + TimeUnit.SECONDS.toNanos(150);
        int perMinute = -1;
        while (System.nanoTime() < deadline && run.isAlive()) {
          if (perMinute < 0 && System.nanoTime() - gone > TimeUnit.SECONDS.toNanos(60)) {
            perMinute = lines(log) - linesBefore;
          }
          assertNoSilentSinkStop(port, run);
          TimeUnit.MILLISECONDS.sleep(500);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        LOG.info(
            "topics deleted: topics-missing after {} s; {} log lines in the first minute; after"
                + " 150 s the process {}",
            toNotReady,
            perMinute,
            run.isAlive() ? "still runs" : "exited " + run.waitFor());
        if (perMinute >= 0) {
          assertThat(perMinute).as("log lines in the first minute").isLessThan(200);
        }
        if (!run.isAlive()) {
          assertThat(run.exitValue()).isEqualTo(1);
          assertThat(output.lines().filter(l -> l.startsWith("error: ")).toList()).hasSize(1);
        }
        assertThat(output).doesNotContain("Exception in thread");

        long term = System.nanoTime();
        run.destroy();
        assertThat(run.waitFor(40, TimeUnit.SECONDS)).isTrue();
        LOG.info(
            "SIGTERM with the topics deleted: exited in {} s",
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - term));

        recreate(f, deleted);
        int before = orders(f.emulator);
        second = PipelineProcess.start(config, f.emulator.config().apiKey());
        awaitReady(port, r -> r.statusCode() == 200, Duration.ofMinutes(2));
        f.scenario.publish(new DemoOrders(10, 7).records());
        awaitOrders(f.emulator, before + 1, Duration.ofMinutes(2));
      } finally {
        run.destroyForcibly();
        if (second != null) {
          second.destroy();
          second.waitFor(40, TimeUnit.SECONDS);
        }
      }
    }
  }

  /**
   * Finding 4: Kustomer answers every request 429. Readiness says kustomer-throttling once no
   * request succeeded for kustomer.unreachable.after.ms, and clears at the first good answer.
   */
  @Test
  void kustomerAnsweringOnly429IsThrottlingUntilItAcceptsAgain() throws Exception {
    try (E2eFixture f = new E2eFixture(WriteModel.NESTED, 6000, Map.of())) {
      f.emulator.applyFaults(FaultSpec.parse("429=100%"));
      try (Pipeline p = f.scenario.startPipeline()) {
        f.scenario.publish(new DemoOrders(20, 8).records());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (f.emulator.stats().path("requests").asLong() < 2 && System.nanoTime() < deadline) {
          TimeUnit.MILLISECONDS.sleep(100);
        }
        long first = System.nanoTime();
        NotReady throttling = awaitCause(p, NotReady.KUSTOMER_THROTTLING, Duration.ofSeconds(60));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - first);
        LOG.info("Kustomer answering only 429: not ready after {} s: {}", seconds, throttling);
        assertThat(throttling.detail()).contains("Kustomer answered only 429 for");
        assertThat(p.notReady())
            .extracting(NotReady::cause)
            .doesNotContain(NotReady.KUSTOMER_UNREACHABLE);

        f.emulator.applyFaults(FaultSpec.none());
        long cleared = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!p.notReady().isEmpty() && System.nanoTime() < cleared) {
          TimeUnit.MILLISECONDS.sleep(200);
        }
        assertThat(p.notReady()).as("ready again after a good answer").isEmpty();
        assertThat(p.failure()).isNull();
      }
    }
  }

  /** The test's own broker, stopped and started again on the same port and log directory. */
  private static final class Broker {
    EmbeddedKafkaBroker running;

    Broker(EmbeddedKafkaBroker running) {
      this.running = running;
    }

    void close() {
      if (running != null) {
        running.close();
        running = null;
      }
    }
  }

  private static void assertNoSilentSinkStop(int port, Process run) throws Exception {
    HttpResponse<String> ready;
    try {
      ready = get(port, "/health/ready");
    } catch (IOException e) {
      return; // stopping
    }
    if (!ready.body().contains(NotReady.SINK_STOPPED)) {
      return;
    }
    HttpResponse<String> live;
    try {
      live = get(port, "/health/live");
    } catch (IOException e) {
      return;
    }
    assertThat(live.statusCode())
        .as("a sink loop stopped (%s) while /health/live says %s", ready.body(), live.body())
        .isEqualTo(503);
    assertThat(run.waitFor(40, TimeUnit.SECONDS)).as("the instance exits").isTrue();
  }

  private static KustomerEmulator emulator() {
    return KustomerEmulator.start(
        EmulatorConfig.defaults().withRateLimitPerMinute(6000).withCustomerUniqueness(false));
  }

  private static Scenario scenario(String bootstrap, KustomerEmulator emulator) throws Exception {
    return new Scenario(
        bootstrap,
        emulator,
        "health-" + Long.toHexString(System.nanoTime()),
        E2eFixture.RULES,
        Files.createTempDirectory("health"),
        WriteModel.NESTED,
        6000,
        Map.of("sink.retry.base.ms", "50", "sink.retry.max.ms", "2000"),
        new PrintWriter(new StringWriter(), true),
        System::nanoTime);
  }

  private static Path config(Scenario scenario, int port) throws IOException {
    Properties p = new Properties();
    p.putAll(scenario.settings());
    p.put("ops.port", String.valueOf(port));
    Path config = Files.createTempFile("health", ".properties");
    try (var out = Files.newBufferedWriter(config)) {
      p.store(out, "HealthTruthIT");
    }
    return config;
  }

  private static Admin admin(E2eFixture f) {
    return Admin.create(
        Map.of("bootstrap.servers", f.scenario.settings().get("kafka.bootstrap.servers")));
  }

  private static void recreate(E2eFixture f, List<String> topics) throws Exception {
    try (Admin admin = admin(f)) {
      List<NewTopic> again =
          List.of(
              new NewTopic(topics.get(0), 3, (short) 1),
              new NewTopic(topics.get(1), 3, (short) 1)
                  .configs(Map.of("cleanup.policy", "compact")));
      admin.createTopics(again).all().get(30, TimeUnit.SECONDS);
    }
  }

  private static int orders(KustomerEmulator emulator) {
    return emulator.stats().path("kobjects").path("order").asInt();
  }

  private static void awaitOrders(KustomerEmulator emulator, int n, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (orders(emulator) < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + orders(emulator) + " of " + n + " orders written");
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  private static NotReady awaitCause(Pipeline p, String cause, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (NotReady c : p.notReady()) {
        if (c.cause().equals(cause)) {
          return c;
        }
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError("never reported " + cause + ": " + p.notReady());
  }

  private static HttpResponse<String> awaitReady(
      int port, Predicate<HttpResponse<String>> condition, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpResponse<String> last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = get(port, "/health/ready");
        if (condition.test(last)) {
          return last;
        }
      } catch (IOException e) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    throw new AssertionError(
        "/health/ready never met the condition; last: " + (last == null ? "none" : last.body()));
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Waits until a line after the first {@code skip} contains {@code text}. */
  private static void awaitLog(Path log, int skip, String text, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (var l = Files.lines(log, StandardCharsets.ISO_8859_1)) {
        if (l.skip(skip).anyMatch(line -> line.contains(text))) {
          return;
        }
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    throw new AssertionError("the log never said \"" + text + "\"");
  }

  private static int lines(Path log) throws IOException {
    try (var l = Files.lines(log, StandardCharsets.ISO_8859_1)) {
      return (int) l.count();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
