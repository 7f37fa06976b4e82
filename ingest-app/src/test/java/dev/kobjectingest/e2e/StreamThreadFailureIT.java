package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.mapping.WriteModel;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * A stream thread that keeps failing (here: a source topic deleted under a running pipeline) is not
 * healthy: readiness turns 503 naming the cause, the failures are counted in a metric, and the
 * packaged process exits non-zero so an orchestrator restarts it and the instance-down alert fires,
 * instead of replacing the thread forever while saying it is fine.
 */
class StreamThreadFailureIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void aThreadThatKeepsFailingStopsTheInstanceVisibly() throws Exception {
    try (E2eFixture f = new E2eFixture(WriteModel.NESTED, 6000, Map.of())) {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Properties p = new Properties();
      p.putAll(f.scenario.settings());
      p.put("ops.port", String.valueOf(port));
      p.put("streams.thread-failures.max", "2");
      Path config = Files.createTempFile("thread-failure", ".properties");
      try (var out = Files.newBufferedWriter(config)) {
        p.store(out, "StreamThreadFailureIT");
      }
      Path log = Files.createTempFile("thread-failure", ".log");
      Process run = PipelineProcess.start(config, f.emulator.config().apiKey(), log);
      try {
        awaitStatus(port, 200, Duration.ofMinutes(1));

        String orders =
            f.scenario.config().rules().byTopic().keySet().stream()
                .filter(t -> t.endsWith("orders.raw"))
                .findFirst()
                .orElseThrow();
        try (Admin admin =
            Admin.create(
                Map.of(
                    "bootstrap.servers", f.scenario.settings().get("kafka.bootstrap.servers")))) {
          admin.deleteTopics(List.of(orders)).all().get(30, TimeUnit.SECONDS);
        }

        HttpResponse<String> ready = awaitStatus(port, 503, Duration.ofMinutes(2));
        assertThat(ready.body()).contains("stream-thread-failing");
        assertThat(get(port, "/metrics").body())
            .containsPattern("ingest_stream_thread_failures_total [1-9]");

        assertThat(run.waitFor(3, TimeUnit.MINUTES)).as("the instance stopped").isTrue();
        assertThat(run.exitValue()).isNotZero();
        assertThat(Files.readString(log)).contains("stream thread failure(s)");
      } finally {
        run.destroyForcibly();
        run.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static HttpResponse<String> awaitStatus(int port, int status, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpResponse<String> last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = get(port, "/health/ready");
        if (last.statusCode() == status) {
          return last;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError(
        "/health/ready never answered "
            + status
            + "; last: "
            + (last == null ? "none" : last.body()));
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
