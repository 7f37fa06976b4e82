package dev.kobjectingest.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoints of one instance: {@code /metrics} (Prometheus exposition), {@code
 * /health/live} (the process answers) and {@code /health/ready} (the pipeline is running and
 * consuming). A scrape failure answers 500 and never touches the pipeline.
 */
public final class OpsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);

  private final HttpServer server;

  private OpsServer(HttpServer server) {
    this.server = server;
  }

  public static OpsServer start(int port, PrometheusMeterRegistry registry, BooleanSupplier ready) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
      server.createContext(
          "/metrics",
          ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", scrape(registry)));
      server.createContext(
          "/health/live", ex -> respond(ex, 200, "application/json", "{\"status\":\"UP\"}"));
      server.createContext(
          "/health/ready",
          ex -> {
            boolean up = ready.getAsBoolean();
            respond(
                ex,
                up ? 200 : 503,
                "application/json",
                up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
          });
      server.start();
      LOG.info("metrics and health on port {}", server.getAddress().getPort());
      return new OpsServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on port " + port, e);
    }
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
