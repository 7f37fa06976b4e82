package dev.kobjectingest.e2e;

import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.metrics.NotReady;
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Asks an instance's ops endpoints, its log and its pipeline until a condition holds. */
final class OpsProbe {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private OpsProbe() {}

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The first answer of {@code path} that meets {@code condition}, asked every 100 ms. */
  static HttpResponse<String> await(
      int port, String path, Predicate<HttpResponse<String>> condition, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpResponse<String> last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = get(port, path);
        if (condition.test(last)) {
          return last;
        }
      } catch (IOException e) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError(
        path + " never met the condition; last: " + (last == null ? "none" : last.body()));
  }

  /** The pipeline's first not-ready cause {@code cause}, asked every 100 ms. */
  static NotReady awaitCause(Pipeline p, String cause, Duration timeout)
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

  /** Waits until no cause of the pipeline is {@code cause}. */
  static void awaitCleared(Pipeline p, String cause, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (p.notReady().stream().anyMatch(c -> c.cause().equals(cause))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still " + cause + ": " + p.notReady());
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  static List<String> lines(Path log) throws IOException {
    return Files.readAllLines(log, StandardCharsets.ISO_8859_1);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
