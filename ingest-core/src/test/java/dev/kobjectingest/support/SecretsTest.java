package dev.kobjectingest.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {
  private static final Map<String, String> KAFKA =
      Map.of(
          "bootstrap.servers", "broker:9092",
          "sasl.jaas.config",
              "org.apache.kafka.common.security.plain.PlainLoginModule required"
                  + " username=\"key\" password=\"s3cr3t-value\";",
          "ssl.truststore.password", "changeit-123",
          "ssl.truststore.location", "/etc/ts.p12");

  @Test
  void passwordsInsideAJaasLineAndSecretPropertiesAreHidden() {
    String text =
        "JAAS config entry not terminated by semi-colon: ...password=\"s3cr3t-value\" and"
            + " store changeit-123 at /etc/ts.p12 via broker:9092";

    assertThat(Secrets.redact(text, KAFKA))
        .doesNotContain("s3cr3t-value", "changeit-123")
        .contains("password=\"[hidden]\"", "/etc/ts.p12", "broker:9092");
  }

  @Test
  void textWithoutSecretsIsUnchanged() {
    assertThat(Secrets.redact("unreachable within 5 s", KAFKA)).isEqualTo("unreachable within 5 s");
  }
}
