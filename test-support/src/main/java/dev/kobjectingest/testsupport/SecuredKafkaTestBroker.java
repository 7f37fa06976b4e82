package dev.kobjectingest.testsupport;

import dev.kobjectingest.kafka.embedded.EmbeddedKafkaBroker;
import dev.kobjectingest.kafka.embedded.SaslSslListener;
import dev.kobjectingest.kafka.embedded.SaslSslListener.Mechanism;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * A broker of its own for a test that needs what managed Kafka requires: SASL (PLAIN or
 * SCRAM-SHA-512) over TLS, and nothing else, on its only client listener. Unlike {@link
 * KafkaTestBroker#shared()} it is started per test (class) and closed by it; the shared plaintext
 * broker stays as it is for every other test.
 *
 * <pre>{@code
 * try (SecuredKafkaTestBroker kafka = SecuredKafkaTestBroker.start(Mechanism.PLAIN)) {
 *   Map<String, String> settings = kafka.ingestSettings(); // kafka.* keys for IngestConfig
 * }
 * }</pre>
 */
public final class SecuredKafkaTestBroker implements AutoCloseable {
  private final EmbeddedKafkaBroker broker;
  private final SaslSslListener listener;
  private final String password;

  private SecuredKafkaTestBroker(
      EmbeddedKafkaBroker broker, SaslSslListener listener, String password) {
    this.broker = broker;
    this.listener = listener;
    this.password = password;
  }

  /** Starts a broker whose one user, {@code ingest}, has a random password. */
  public static SecuredKafkaTestBroker start(Mechanism mechanism) {
    String password = "pw-" + UUID.randomUUID();
    SaslSslListener listener = SaslSslListener.generate(mechanism, "ingest", password);
    return new SecuredKafkaTestBroker(
        EmbeddedKafkaBroker.start(Map.of(), listener), listener, password);
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /** The user's password: tests assert it never shows up in logs or output. */
  public String password() {
    return password;
  }

  public SaslSslListener listener() {
    return listener;
  }

  /** Client properties that connect (bootstrap servers, SASL, TLS trust). */
  public Properties clientProperties() {
    Properties p = new Properties();
    p.putAll(listener.clientProperties());
    p.put("bootstrap.servers", bootstrapServers());
    return p;
  }

  /** The same, as the pipeline's {@code kafka.*} settings. */
  public Map<String, String> ingestSettings() {
    return ingestSettings(password);
  }

  /** The pipeline's {@code kafka.*} settings with another password (to see it refused). */
  public Map<String, String> ingestSettings(String password) {
    Map<String, String> m = new HashMap<>();
    listener.clientProperties(password).forEach((k, v) -> m.put("kafka." + k, v));
    m.put("kafka.bootstrap.servers", bootstrapServers());
    return m;
  }

  @Override
  public void close() {
    broker.close();
  }
}
