package dev.kobjectingest.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.kobjectingest.kafka.embedded.SaslSslListener.Mechanism;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The secured broker accepts its user over SASL_SSL, refuses a wrong password, and nothing else.
 */
class SecuredKafkaTestBrokerIT {
  @ParameterizedTest
  @EnumSource(Mechanism.class)
  void onlyTheRightCredentialsOverTlsGetIn(Mechanism mechanism) throws Exception {
    try (SecuredKafkaTestBroker kafka = SecuredKafkaTestBroker.start(mechanism)) {
      try (Admin admin = Admin.create(kafka.clientProperties())) {
        admin.createTopics(List.of(new NewTopic("secured", 1, (short) 1))).all().get();
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("secured");
      }

      Properties wrong = kafka.clientProperties();
      wrong.putAll(kafka.listener().clientProperties("not-the-password"));
      try (Admin admin = Admin.create(wrong)) {
        Throwable t =
            catchThrowable(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class);
        assertThat(t.getCause()).isInstanceOf(SaslAuthenticationException.class);
      }

      Properties plain = new Properties();
      plain.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      plain.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
      plain.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
      try (Admin admin = Admin.create(plain)) {
        assertThat(catchThrowable(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS)))
            .as("a client without SASL and TLS gets nothing")
            .isNotNull();
      }
    }
  }
}
