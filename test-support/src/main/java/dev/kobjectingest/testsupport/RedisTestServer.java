package dev.kobjectingest.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * One real Redis server per test JVM: the redis-server 6.2 binary shipped in {@code embedded-redis}
 * (a Maven Central artifact, so a fresh machine with only a JDK runs it), started on a free
 * loopback port, with no persistence. Tests isolate themselves with unique keys.
 */
public final class RedisTestServer {
  private static final Logger LOG = LoggerFactory.getLogger(RedisTestServer.class);

  private final int port;
  private RedisServer server;

  private RedisTestServer(int port, RedisServer server) {
    this.port = port;
    this.server = server;
  }

  private static final class Holder {
    static final RedisTestServer INSTANCE = start();
  }

  public static RedisTestServer shared() {
    return Holder.INSTANCE;
  }

  private static RedisTestServer start() {
    try {
      int port = freePort();
      RedisServer server = serverOn(port);
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> stopQuietly(server), "redis-test-server-stop"));
      LOG.info("test Redis server on 127.0.0.1:{}", port);
      return new RedisTestServer(port, server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the test Redis server", e);
    }
  }

  /**
   * A Redis server of the calling test's own, which it may stop and start again on the same port (a
   * fault test); the shared one is never stopped.
   */
  public static RedisTestServer dedicated() {
    try {
      int port = freePort();
      RedisTestServer r = new RedisTestServer(port, serverOn(port));
      Runtime.getRuntime().addShutdownHook(new Thread(r::stop, "redis-test-server-stop"));
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a test Redis server", e);
    }
  }

  /** Stops a dedicated server (its data is gone: Redis runs without persistence here). */
  public synchronized void stop() {
    if (server != null) {
      stopQuietly(server);
      server = null;
    }
  }

  /** Starts a stopped dedicated server again on its port. */
  public synchronized void restart() {
    try {
      if (server == null) {
        server = serverOn(port);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restart the test Redis server", e);
    }
  }

  private static RedisServer serverOn(int port) throws IOException {
    RedisServer server =
        RedisServer.newRedisServer()
            .port(port)
            .bind("127.0.0.1")
            .setting("save \"\"")
            .setting("appendonly no")
            .build();
    server.start();
    return server;
  }

  private static void stopQuietly(RedisServer server) {
    try {
      server.stop();
    } catch (IOException e) {
      LOG.debug("stopping Redis: {}", e.toString());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }
}
