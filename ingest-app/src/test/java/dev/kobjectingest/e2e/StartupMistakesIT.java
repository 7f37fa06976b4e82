package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.kobjectingest.kafka.embedded.SaslSslListener.Mechanism;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.testsupport.SecuredKafkaTestBroker;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each start-up mistake an operator makes, made once with the packaged jar: it must stop within 10
 * s, non-zero, with exactly one line on stderr that names the setting to fix. The measured table is
 * written to {@code target/startup-mistakes.md}.
 */
class StartupMistakesIT {
  private static final Logger LOG = LoggerFactory.getLogger(StartupMistakesIT.class);

  private record Row(String mistake, PackagedCli.Result result) {}

  private final List<Row> rows = new ArrayList<>();

  @Test
  void everyMistakeStopsWithinTenSecondsWithOneLineNamingTheSetting(@TempDir Path dir)
      throws Exception {
    try (E2eFixture f = new E2eFixture(WriteModel.NESTED, 6000, Map.of());
        SecuredKafkaTestBroker secured = SecuredKafkaTestBroker.start(Mechanism.PLAIN)) {
      Map<String, String> good = new HashMap<>(f.scenario.settings());
      good.put("streams.state.dir", dir.resolve("state").toString());
      Map<String, String> key = Map.of("KUSTOMER_API_KEY", f.emulator.config().apiKey());
      int nothing = unusedPort();

      mistake(
          dir,
          "kustomer.base-url: nothing listens there",
          good,
          s -> s.put("kustomer.base-url", "http://127.0.0.1:" + nothing),
          key,
          "error: kustomer.base-url=http://127.0.0.1:" + nothing + " unreachable");
      HttpServer site = notKustomer();
      try {
        int port = site.getAddress().getPort();
        mistake(
            dir,
            "kustomer.base-url: a web server, not Kustomer's API",
            good,
            s -> s.put("kustomer.base-url", "http://127.0.0.1:" + port),
            key,
            "error: kustomer.base-url=http://127.0.0.1:"
                + port
                + " does not look like Kustomer's API");
      } finally {
        site.stop(0);
      }
      mistake(
          dir,
          "KUSTOMER_API_KEY: a wrong key",
          good,
          s -> {},
          Map.of("KUSTOMER_API_KEY", "not-the-key"),
          "error: KUSTOMER_API_KEY: Kustomer at "
              + f.emulator.baseUrl()
              + " refused the API key (401)");
      mistake(
          dir,
          "kafka.bootstrap.servers: nothing listens there",
          good,
          s -> s.put("kafka.bootstrap.servers", "127.0.0.1:" + nothing),
          key,
          "error: kafka.bootstrap.servers=127.0.0.1:" + nothing + " unreachable within 5 s");
      mistake(
          dir,
          "kafka.bootstrap.servers: a host that does not resolve",
          good,
          s -> s.put("kafka.bootstrap.servers", "kafka.invalid:9092"),
          key,
          "error: kafka.bootstrap.servers=kafka.invalid:9092: no address in it resolves");
      mistake(
          dir,
          "kafka.sasl.jaas.config: a wrong password (SASL_SSL broker)",
          good,
          s -> {
            s.putAll(secured.ingestSettings("wrong-" + secured.password()));
          },
          key,
          "error: kafka.sasl.jaas.config: the broker at "
              + secured.bootstrapServers()
              + " refused the credentials");
      mistake(
          dir,
          "kustomer.rate-limit.redis: nothing listens there",
          good,
          s -> s.put("kustomer.rate-limit.redis", "redis://127.0.0.1:" + nothing),
          key,
          "error: kustomer.rate-limit.redis=redis://127.0.0.1:" + nothing + " unreachable");
      Map<String, String> misspelt = new HashMap<>(key);
      misspelt.put("INGEST_KUSTOMER_RATE_LIMIT_REDDIS", "redis://127.0.0.1:6379");
      mistake(
          dir,
          "a misspelt INGEST_* variable",
          good,
          s -> {},
          misspelt,
          "error: 1 configuration problem(s):   INGEST_KUSTOMER_RATE_LIMIT_REDDIS: unknown"
              + " environment variable (did you mean INGEST_KUSTOMER_RATE_LIMIT_REDIS?)");
      mistake(
          dir,
          "a misspelt key in the file",
          good,
          s -> s.put("kustomer.base-uri", "x"),
          key,
          "error: 1 configuration problem(s):   kustomer.base-uri: unknown setting (did you mean"
              + " kustomer.base-url?)");
      String first = f.scenario.config().rules().topics().get(0);
      String ns = first.substring(0, first.indexOf('.'));
      Path otherRules = dir.resolve("other-rules");
      dev.kobjectingest.tools.demo.Scenario.namespacedRules(E2eFixture.RULES, otherRules, ns + "x");
      mistake(
          dir,
          "rules naming source topics that do not exist",
          good,
          s -> s.put("rules.dir", otherRules.toString()),
          key,
          "error: topics missing on kafka.bootstrap.servers=");

      StringBuilder table =
          new StringBuilder("| mistake | exit code | the line on stderr | seconds |\n")
              .append("| --- | --- | --- | --- |\n");
      for (Row r : rows) {
        table.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | `` %s `` | %.1f |%n",
                r.mistake(),
                r.result().exitCode(),
                r.result().err().strip(),
                r.result().seconds()));
      }
      Files.writeString(Path.of("target", "startup-mistakes.md"), table);
      LOG.info("start-up mistakes:\n{}", table);
    }
  }

  private void mistake(
      Path dir,
      String mistake,
      Map<String, String> good,
      Consumer<Map<String, String>> change,
      Map<String, String> env,
      String line)
      throws Exception {
    Map<String, String> s = new HashMap<>(good);
    change.accept(s);
    Properties p = new Properties();
    p.putAll(s);
    Path config = Files.createTempFile(dir, "ingest", ".properties");
    try (Writer w = Files.newBufferedWriter(config)) {
      p.store(w, null);
    }

    PackagedCli.Result r = PackagedCli.run(dir, env, "run", "--config", config.toString());
    rows.add(new Row(mistake, r));

    assertThat(r.exitCode()).as(mistake + ": " + r.all()).isEqualTo(1);
    assertThat(r.err().lines().toList()).as(mistake).singleElement().asString().startsWith(line);
    assertThat(r.seconds()).as(mistake).isLessThan(10);
    assertThat(r.out()).as(mistake).isEmpty();
  }

  private static int unusedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A web server where Kustomer's API was expected (a wrong host, a proxy's error page). */
  private static HttpServer notKustomer() throws Exception {
    HttpServer site =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    site.createContext(
        "/",
        ex -> {
          byte[] page = "<html><body>Not Found</body></html>".getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "text/html");
          ex.sendResponseHeaders(404, page.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(page);
          }
        });
    site.start();
    return site;
  }
}
