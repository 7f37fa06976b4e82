package dev.kobjectingest.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoints of one instance: {@code /metrics} (Prometheus exposition), {@code
 * /health/live} (the process can go on: 503 with why once it cannot and is stopping, so an
 * orchestrator restarts it even when the stop hangs) and {@code /health/ready} (the pipeline can
 * make progress: 503 with every cause that stops it, otherwise 200). A scrape failure answers 500
 * and never touches the pipeline.
 */
public final class OpsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);

  private final HttpServer server;

  private OpsServer(HttpServer server) {
    this.server = server;
  }

  public static OpsServer start(
      int port, PrometheusMeterRegistry registry, Supplier<List<NotReady>> ready) {
    return start(port, registry, ready, () -> null);
  }

  /**
   * As {@link #start(int, PrometheusMeterRegistry, Supplier)}; {@code failure} says why the
   * instance cannot go on (null while it can), for {@code /health/live}.
   */
  public static OpsServer start(
      int port,
      PrometheusMeterRegistry registry,
      Supplier<List<NotReady>> ready,
      Supplier<String> failure) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
      server.createContext(
          "/metrics",
          ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", scrape(registry)));
      server.createContext(
          "/health/live",
          ex -> {
            String why = failure.get();
            respond(ex, why == null ? 200 : 503, "application/json", liveness(why));
          });
      server.createContext(
          "/health/ready",
          ex -> {
            List<NotReady> causes = ready.get();
            respond(ex, causes.isEmpty() ? 200 : 503, "application/json", readiness(causes));
          });
      server.start();
      LOG.info("metrics and health on port {}", server.getAddress().getPort());
      return new OpsServer(server);
    } catch (IOException e) {
      // Named by the setting and the cause: "Address already in use" is the usual one.
      throw new UncheckedIOException(
          "ops.port: cannot serve /metrics and /health on port "
              + port
              + " ("
              + e.getMessage()
              + "); choose a free port, 0 for any, or -1 for none",
          e);
    }
  }

  /** {@code {"status":"UP"}}, or DOWN with why the instance cannot go on. */
  static String liveness(String failure) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("status", failure == null ? "UP" : "DOWN");
    if (failure != null) {
      body.put("detail", failure);
    }
    return body.toString();
  }

  /** {@code {"status":"UP"}}, or DOWN with every cause and its detail. */
  static String readiness(List<NotReady> causes) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("status", causes.isEmpty() ? "UP" : "DOWN");
    if (!causes.isEmpty()) {
      ArrayNode list = body.putArray("causes");
      causes.forEach(c -> list.addObject().put("cause", c.cause()).put("detail", c.detail()));
    }
    return body.toString();
  }

  private static String scrape(PrometheusMeterRegistry registry) {
    try {
      return registry.scrape();
    } catch (RuntimeException e) {
      LOG.warn("metrics scrape failed: {}", e.toString());
      return "";
    }
  }

  private static void respond(HttpExchange ex, int status, String type, String body)
      throws IOException {
    try (ex) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
