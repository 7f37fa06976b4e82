package dev.kobjectingest.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real Prometheus server on loopback scraping one target every second, for evaluating the ops
 * files' queries against what a running pipeline exports.
 */
public final class PrometheusServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer(Process process, URI base) {
    this.process = process;
    this.base = base;
  }

  public static PrometheusServer scraping(Path binary, int targetPort) throws IOException {
    Path dir = Files.createTempDirectory("prometheus");
    Files.writeString(
        dir.resolve("prometheus.yml"),
        """
        global:
          scrape_interval: 1s
        scrape_configs:
          - job_name: kobject-ingest
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """
            .formatted(targetPort));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    return new PrometheusServer(p, URI.create("http://127.0.0.1:" + port));
  }

  /** An instant query's result vector, or throws with Prometheus' error. */
  public JsonNode query(String promql) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    base.resolve(
                        "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(r.body());
    if (!"success".equals(body.path("status").asText())) {
      throw new IllegalArgumentException(promql + ": " + r.body());
    }
    return body.path("data").path("result");
  }

  /** The query's result, or an empty array while the server is still starting. */
  public JsonNode tryQuery(String promql) throws InterruptedException {
    try {
      return query(promql);
    } catch (IOException e) {
      return JSON.createArrayNode();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
