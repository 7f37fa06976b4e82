package dev.kobjectingest.topics;

import dev.kobjectingest.support.Secrets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Turns a failed first contact with Kafka into one line that names the setting to fix. The client's
 * own messages are kept where they say something (the broker's reason for refusing credentials); a
 * timeout says what commonly causes it. No setting's value is printed except the bootstrap address:
 * the SASL and TLS settings hold secrets.
 */
final class KafkaProblem {
  private KafkaProblem() {}

  /**
   * As {@link #describe(String, Throwable, Duration)}, with every secret of {@code kafka} hidden.
   */
  static String describe(Map<String, String> kafka, Throwable e, Duration timeout) {
    return Secrets.redact(describe(kafka.get("bootstrap.servers"), e, timeout), kafka);
  }

  static String describe(String bootstrap, Throwable e, Duration timeout) {
    String at = "kafka.bootstrap.servers=" + bootstrap;
    if (e instanceof SaslAuthenticationException) {
      return "kafka.sasl.jaas.config: the broker at "
          + bootstrap
          + " refused the credentials ("
          + e.getMessage()
          + ")";
    }
    if (e instanceof SslAuthenticationException) {
      return "kafka.ssl.truststore.location: the TLS handshake with "
          + bootstrap
          + " failed ("
          + root(e).getMessage()
          + ")";
    }
    if (e instanceof AuthenticationException) {
      return "kafka.sasl.mechanism / kafka.sasl.jaas.config: authentication with "
          + bootstrap
          + " failed ("
          + e.getMessage()
          + ")";
    }
    if (e instanceof java.util.concurrent.TimeoutException
        || e instanceof org.apache.kafka.common.errors.TimeoutException) {
      return at
          + " unreachable within "
          + timeout.toSeconds()
          + " s (no broker answered; check the address, and kafka.security.protocol and"
          + " kafka.sasl.* if the cluster requires TLS or SASL)";
    }
    String message = root(e).getMessage();
    if (message != null && message.contains("No resolvable bootstrap urls")) {
      return at + ": no address in it resolves (host:port, comma-separated)";
    }
    return at + ": " + (message == null ? e.getClass().getSimpleName() : message);
  }

  private static Throwable root(Throwable e) {
    Throwable r = e;
    while (r.getCause() != null && r.getCause() != r) {
      r = r.getCause();
    }
    return r;
  }
}
