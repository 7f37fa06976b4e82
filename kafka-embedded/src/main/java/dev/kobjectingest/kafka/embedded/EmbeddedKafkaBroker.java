package dev.kobjectingest.kafka.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (combined KRaft broker and controller) running inside this JVM, built from
 * Kafka's own server artifacts. It is the same code a production broker runs, not a fake; only its
 * topology (one node, no replication) is small.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Map.of())) {
 *   String bootstrap = broker.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int START_ATTEMPTS = 3;

  private final KafkaRaftServer server;
  private final Path logDir;
  private final String bootstrapServers;
  private final boolean deleteOnClose;

  private EmbeddedKafkaBroker(
      KafkaRaftServer server, Path logDir, String bootstrapServers, boolean deleteOnClose) {
    this.server = server;
    this.logDir = logDir;
    this.bootstrapServers = bootstrapServers;
    this.deleteOnClose = deleteOnClose;
  }

  /**
   * Formats a fresh temporary log directory and starts a broker on free loopback ports.
   *
   * @param overrides broker properties applied on top of the single-node defaults
   */
  public static EmbeddedKafkaBroker start(Map<String, String> overrides) {
    return start(overrides, null);
  }

  /**
   * As {@link #start(Map)}, with clients served only on a SASL_SSL listener (null: PLAINTEXT), as
   * by a managed Kafka; {@link #bootstrapServers()} is then that listener's address.
   */
  public static EmbeddedKafkaBroker start(Map<String, String> overrides, SaslSslListener secured) {
    try {
      Path dir = Files.createTempDirectory("kobject-ingest-kafka-");
      return start(dir, 0, overrides, true, secured);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a log directory for the embedded broker", e);
    }
  }

  /**
   * Starts a broker on the given log directory (formatted when empty, reused otherwise, so a
   * sandbox can keep its data across restarts) and port (0 picks a free one).
   */
  public static EmbeddedKafkaBroker start(
      Path logDir, int port, Map<String, String> overrides, boolean deleteOnClose) {
    return start(logDir, port, overrides, deleteOnClose, null);
  }

  private static EmbeddedKafkaBroker start(
      Path logDir,
      int port,
      Map<String, String> overrides,
      boolean deleteOnClose,
      SaslSslListener secured) {
    RuntimeException last = null;
    // Free ports are picked by binding and releasing them; another process can take one in between,
    // so retry.
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int brokerPort = port > 0 ? port : freePort();
      int controllerPort = freePort();
      Properties props = brokerProperties(logDir, brokerPort, controllerPort, overrides);
      int clientPort = brokerPort;
      if (secured != null) {
        clientPort = freePort();
        secure(props, brokerPort, clientPort, controllerPort, secured);
      }
      try {
        formatIfNeeded(logDir, props, secured == null ? List.of() : secured.formatArguments());
        KafkaRaftServer server =
            new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        String bootstrap = "127.0.0.1:" + clientPort;
        LOG.info("embedded Kafka broker started at {} (log dir {})", bootstrap, logDir);
        return new EmbeddedKafkaBroker(server, logDir, bootstrap, deleteOnClose);
      } catch (RuntimeException e) {
        last = e;
        LOG.warn("embedded Kafka broker failed to start (attempt {}): {}", attempt, e.toString());
      }
    }
    throw new IllegalStateException("embedded Kafka broker did not start", last);
  }

  private static Properties brokerProperties(
      Path logDir, int brokerPort, int controllerPort, Map<String, String> overrides) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    // One node: every internal topic must fit on it.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("num.partitions", "3");
    p.put("auto.create.topics.enable", "false");
    // Consumer groups in tests and the demo should not wait the production default of 3 s before
    // the first join.
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
    p.put("unclean.leader.election.enable", "true");
    p.putAll(overrides);
    return p;
  }

  /**
   * Clients get only the SASL_SSL listener: metadata names the endpoints of the listener a client
   * connected to, so a client without the security settings cannot reach the broker at all. The
   * broker's own traffic (transaction markers to itself) stays on a loopback PLAINTEXT listener.
   */
  private static void secure(
      Properties p, int internalPort, int clientPort, int controllerPort, SaslSslListener secured) {
    p.put(
        "listeners",
        "INTERNAL://127.0.0.1:"
            + internalPort
            + ","
            + SaslSslListener.LISTENER
            + "://127.0.0.1:"
            + clientPort
            + ",CONTROLLER://127.0.0.1:"
            + controllerPort);
    p.put(
        "advertised.listeners",
        "INTERNAL://127.0.0.1:"
            + internalPort
            + ","
            + SaslSslListener.LISTENER
            + "://127.0.0.1:"
            + clientPort);
    p.put(
        "listener.security.protocol.map",
        "INTERNAL:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "INTERNAL");
    p.putAll(secured.brokerProperties());
  }

  private static void formatIfNeeded(Path logDir, Properties props, List<String> extraArgs) {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    try {
      Path config = Files.createTempFile("kobject-ingest-kraft-", ".properties");
      try (OutputStream out = Files.newOutputStream(config)) {
        props.store(out, "embedded KRaft broker");
      }
      String clusterId = Uuid.randomUuid().toString();
      PrintStream quiet =
          new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
      List<String> args =
          new ArrayList<>(
              List.of(
                  "format",
                  "--config",
                  config.toString(),
                  "--cluster-id",
                  clusterId,
                  "--ignore-formatted"));
      args.addAll(extraArgs);
      int rc = StorageTool.execute(args.toArray(String[]::new), quiet);
      Files.deleteIfExists(config);
      if (rc != 0) {
        throw new IllegalStateException("kafka-storage format failed with exit code " + rc);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot format " + logDir, e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** The {@code bootstrap.servers} value for clients of this broker. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The directory holding the broker's logs and metadata. */
  public Path logDir() {
    return logDir;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    if (deleteOnClose) {
      deleteRecursively(logDir);
    }
    LOG.info("embedded Kafka broker at {} stopped", bootstrapServers);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(EmbeddedKafkaBroker::deleteQuietly);
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", dir, e.toString());
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.debug("could not delete {}: {}", path, e.toString());
    }
  }
}
