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

  private RedisTestServer(int port) {
    this.port = port;
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
      RedisServer server =
          RedisServer.newRedisServer()
              .port(port)
              .bind("127.0.0.1")
              .setting("save \"\"")
              .setting("appendonly no")
              .build();
      server.start();
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> stopQuietly(server), "redis-test-server-stop"));
      LOG.info("test Redis server on 127.0.0.1:{}", port);
      return new RedisTestServer(port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the test Redis server", e);
    }
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
