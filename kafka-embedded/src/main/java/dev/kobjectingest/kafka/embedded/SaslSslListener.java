package dev.kobjectingest.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The client listener of a broker that, like every managed Kafka (Confluent Cloud, MSK, Aiven,
 * Redpanda Cloud), accepts only SASL over TLS: PLAIN or SCRAM-SHA-512, one user, and a self-signed
 * certificate for 127.0.0.1 generated with the JDK's keytool into a temporary directory (no key
 * material lives in the repository).
 *
 * <pre>{@code
 * SaslSslListener sasl = SaslSslListener.generate(Mechanism.PLAIN, "alice", password);
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Map.of(), sasl)) {
 *   Properties client = new Properties();
 *   client.putAll(sasl.clientProperties());
 *   client.put("bootstrap.servers", broker.bootstrapServers());
 * }
 * }</pre>
 */
public final class SaslSslListener {
  /** The SASL mechanisms managed clusters use without Kerberos or OAuth. */
  public enum Mechanism {
    PLAIN("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule"),
    SCRAM_SHA_512("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");

    private final String saslName;
    private final String loginModule;

    Mechanism(String saslName, String loginModule) {
      this.saslName = saslName;
      this.loginModule = loginModule;
    }

    /** The {@code sasl.mechanism} value. */
    public String saslName() {
      return saslName;
    }
  }

  static final String LISTENER = "SASL_SSL";

  private final Mechanism mechanism;
  private final String username;
  private final String password;
  private final Path keyStore;
  private final Path trustStore;
  private final String storePassword;

  private SaslSslListener(
      Mechanism mechanism,
      String username,
      String password,
      Path keyStore,
      Path trustStore,
      String storePassword) {
    this.mechanism = mechanism;
    this.username = username;
    this.password = password;
    this.keyStore = keyStore;
    this.trustStore = trustStore;
    this.storePassword = storePassword;
  }

  /** Generates the broker's key and certificate, and a trust store holding the certificate. */
  public static SaslSslListener generate(Mechanism mechanism, String username, String password) {
    try {
      Path dir = Files.createTempDirectory("kobject-ingest-tls-");
      dir.toFile().deleteOnExit();
      String storePassword = UUID.randomUUID().toString();
      Path keyStore = dir.resolve("broker.p12");
      Path cert = dir.resolve("broker.pem");
      Path trustStore = dir.resolve("truststore.p12");
      writeStores(keyStore, cert, trustStore, storePassword);
      for (Path p : List.of(keyStore, cert, trustStore)) {
        p.toFile().deleteOnExit();
      }
      return new SaslSslListener(
          mechanism, username, password, keyStore, trustStore, storePassword);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot generate the broker's TLS material", e);
    }
  }

  /**
   * With keytool: the broker's key pair and self-signed certificate into {@code keyStore}, the
   * certificate exported to {@code cert} and imported into {@code trustStore}.
   */
  private static void writeStores(Path keyStore, Path cert, Path trustStore, String storePassword)
      throws IOException {
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-validity",
        "7",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=IP:127.0.0.1,DNS:localhost",
        "-keystore",
        keyStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        storePassword,
        "-keypass",
        storePassword);
    keytool(
        "-exportcert",
        "-alias",
        "broker",
        "-rfc",
        "-file",
        cert.toString(),
        "-keystore",
        keyStore.toString(),
        "-storepass",
        storePassword);
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "broker",
        "-file",
        cert.toString(),
        "-keystore",
        trustStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        storePassword);
  }

  private static void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output =
          new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("keytool " + args[0] + " failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool", e);
    }
  }

  public Mechanism mechanism() {
    return mechanism;
  }

  public String username() {
    return username;
  }

  /** The trust store clients need (PKCS12), holding the broker's self-signed certificate. */
  public Path trustStore() {
    return trustStore;
  }

  public String trustStorePassword() {
    return storePassword;
  }

  /** What a client sets to connect (besides {@code bootstrap.servers}). */
  public Map<String, String> clientProperties() {
    return clientProperties(password);
  }

  /** As {@link #clientProperties()}, with another password (to see a refused login). */
  public Map<String, String> clientProperties(String password) {
    return Map.of(
        "security.protocol",
        "SASL_SSL",
        "sasl.mechanism",
        mechanism.saslName(),
        "sasl.jaas.config",
        jaas(username, password),
        "ssl.truststore.location",
        trustStore.toString(),
        "ssl.truststore.password",
        storePassword,
        "ssl.truststore.type",
        "PKCS12");
  }

  private String jaas(String user, String secret) {
    return mechanism.loginModule
        + " required username=\""
        + user
        + "\" password=\""
        + secret
        + "\";";
  }

  /** Broker settings for the listener (its port is set by the broker). */
  Map<String, String> brokerProperties() {
    String prefix = "listener.name." + LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
    String mech = mechanism.saslName().toLowerCase(java.util.Locale.ROOT);
    // PLAIN keeps its users in the listener's JAAS entry; SCRAM's are in the cluster metadata,
    // written when the log directory is formatted (formatArguments).
    String serverJaas =
        mechanism == Mechanism.PLAIN
            ? mechanism.loginModule + " required user_" + username + "=\"" + password + "\";"
            : mechanism.loginModule + " required;";
    return Map.of(
        "sasl.enabled.mechanisms",
        mechanism.saslName(),
        prefix + mech + ".sasl.jaas.config",
        serverJaas,
        "ssl.keystore.location",
        keyStore.toString(),
        "ssl.keystore.password",
        storePassword,
        "ssl.key.password",
        storePassword,
        "ssl.keystore.type",
        "PKCS12");
  }

  /** Arguments to {@code kafka-storage format} that register the SCRAM user. */
  List<String> formatArguments() {
    if (mechanism != Mechanism.SCRAM_SHA_512) {
      return List.of();
    }
    return List.of(
        "--add-scram", mechanism.saslName() + "=[name=" + username + ",password=" + password + "]");
  }
}
