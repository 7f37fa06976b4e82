package dev.kobjectingest.testsupport;

import dev.kobjectingest.kafka.embedded.EmbeddedKafkaBroker;
import dev.kobjectingest.kafka.embedded.TopicReadiness;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * One real Kafka broker per test JVM: Testcontainers' Kafka where a Docker engine answers,
 * otherwise a KRaft broker started in-process from Kafka's own artifacts. Tests share it and
 * isolate themselves with {@link #uniqueTopic(String)}.
 *
 * <pre>{@code
 * KafkaTestBroker kafka = KafkaTestBroker.shared();
 * String topic = kafka.createTopic(kafka.uniqueTopic("orders"), 3);
 * }</pre>
 *
 * <p>Set {@code -Dkobject.test.kafka=embedded} (or {@code docker}) to force one kind.
 */
public final class KafkaTestBroker {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaTestBroker.class);
  private static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

  private final String bootstrapServers;
  private final String kind;
  private final Admin admin;

  private KafkaTestBroker(String bootstrapServers, String kind) {
    this.bootstrapServers = bootstrapServers;
    this.kind = kind;
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    this.admin = Admin.create(props);
  }

  private static final class Holder {
    // Initialised on first use and stopped by the JVM's shutdown hook: one broker per test JVM.
    static final KafkaTestBroker INSTANCE = startBroker();
  }

  /** The broker of this JVM, started on first call. */
  public static KafkaTestBroker shared() {
    return Holder.INSTANCE;
  }

  private static KafkaTestBroker startBroker() {
    String forced = System.getProperty("kobject.test.kafka", "auto").toLowerCase(Locale.ROOT);
    boolean docker = !forced.equals("embedded") && (forced.equals("docker") || dockerAvailable());
    long start = System.nanoTime();
    KafkaTestBroker broker;
    if (docker) {
      KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "kafka-test-broker-stop"));
      broker = new KafkaTestBroker(container.getBootstrapServers(), "testcontainers");
    } else {
      EmbeddedKafkaBroker embedded = EmbeddedKafkaBroker.start(Map.of());
      Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "kafka-test-broker-stop"));
      broker = new KafkaTestBroker(embedded.bootstrapServers(), "embedded-kraft");
    }
    LOG.info(
        "test Kafka broker ({}) at {} ready in {} ms",
        broker.kind,
        broker.bootstrapServers,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    return broker;
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The {@code bootstrap.servers} value for clients. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** {@code testcontainers} or {@code embedded-kraft}. */
  public String kind() {
    return kind;
  }

  /** A topic name no other test in this JVM (or an earlier run on the same broker) uses. */
  public String uniqueTopic(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Creates the topic and waits until the broker has it; returns its name. */
  public String createTopic(String name, int partitions) {
    return createTopic(name, partitions, Map.of());
  }

  /**
   * Creates the topic with the given topic configs and waits until the broker has it; returns its
   * name.
   */
  public String createTopic(String name, int partitions, Map<String, String> configs) {
    NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(configs);
    try {
      admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      TopicReadiness.awaitLeaders(admin, List.of(name), Duration.ofSeconds(30));
      return name;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topic " + name, e);
    }
  }

  /** Admin client bound to this broker; owned by the broker, do not close it. */
  public Admin admin() {
    return admin;
  }

  /**
   * Base client properties (bootstrap servers and a short request timeout) for producers and
   * consumers.
   */
  public Properties clientProperties() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Duration.ofSeconds(20).toMillis());
    return props;
  }
}
