package dev.kobjectingest.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.kafka.embedded.EmbeddedKafkaBroker;
import dev.kobjectingest.metrics.NotReady;
import dev.kobjectingest.support.FakeTime;
import dev.kobjectingest.testsupport.KafkaTestBroker;
import dev.kobjectingest.topics.PipelineTopic;
import dev.kobjectingest.topics.TopicRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The watch against real brokers, one look at a time ({@code check()}), its time a fake clock's: a
 * broker that stops answering is reported after the threshold and cleared by its next answer, and
 * topics deleted under the pipeline are named.
 */
class KafkaWatchTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final FakeTime time = new FakeTime();

  @Test
  void aBrokerThatStopsAnsweringIsUnreachableAfterTheThresholdUntilItAnswersAgain()
      throws Exception {
    Path dir = Files.createTempDirectory("kafka-watch");
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0, Map.of(), false);
    String bootstrap = broker.bootstrapServers();
    int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    Map<String, String> kafka = Map.of("bootstrap.servers", bootstrap);
    try (KafkaWatch watch =
        new KafkaWatch(
            KafkaWatch.admin(kafka, TIMEOUT),
            kafka,
            List.of(),
            TIMEOUT,
            Duration.ofSeconds(30),
            time)) {
      watch.check();
      assertThat(watch.notReady()).isEmpty();

      broker.close();
      time.advance(Duration.ofSeconds(10));
      watch.check();
      assertThat(watch.notReady()).as("10 s since its last answer").isEmpty();

      time.advance(Duration.ofSeconds(19));
      watch.check();
      assertThat(watch.notReady()).as("29 s since its last answer").isEmpty();
      time.advance(Duration.ofSeconds(1));
      assertThat(watch.notReady())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.cause()).isEqualTo(NotReady.KAFKA_UNREACHABLE);
                assertThat(c.detail())
                    .contains("kafka.bootstrap.servers=" + bootstrap)
                    .contains("since 2030-01-01T00:00:00Z, 30 s")
                    .contains("last error: TimeoutException");
              });

      broker = EmbeddedKafkaBroker.start(dir, port, Map.of(), true);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      do {
        watch.check(); // the admin client reconnects on its own
      } while (!watch.notReady().isEmpty() && System.nanoTime() < deadline);
      assertThat(watch.notReady()).as("ready again once Kafka answers").isEmpty();
    } finally {
      broker.close();
    }
  }

  @Test
  void topicsDeletedUnderThePipelineAreNamedUntilTheyExistAgain() throws Exception {
    KafkaTestBroker kafka = KafkaTestBroker.shared();
    String commands = kafka.createTopic(kafka.uniqueTopic("watch.order-commands"), 1);
    String ids = kafka.createTopic(kafka.uniqueTopic("watch.sink-ids"), 1);
    Map<String, String> props = Map.of("bootstrap.servers", kafka.bootstrapServers());
    try (KafkaWatch watch =
        new KafkaWatch(
            KafkaWatch.admin(props, TIMEOUT),
            props,
            List.of(
                new PipelineTopic(commands, TopicRole.COMMAND, "topics.order-commands"),
                new PipelineTopic(ids, TopicRole.ID_TABLE, "topics.sink-ids")),
            TIMEOUT,
            Duration.ofSeconds(30),
            time)) {
      watch.check();
      assertThat(watch.notReady()).isEmpty();

      kafka.admin().deleteTopics(List.of(commands, ids)).all().get(30, TimeUnit.SECONDS);
      // The deletion is acknowledged by the controller before every broker's metadata has it.
      checkUntil(
          watch,
          () ->
              watch.notReady().stream()
                  .anyMatch(c -> c.detail().contains(commands) && c.detail().contains(ids)));
      assertThat(watch.notReady())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.cause()).isEqualTo(NotReady.TOPICS_MISSING);
                assertThat(c.detail())
                    .contains(commands + " (topics.order-commands)")
                    .contains(ids + " (topics.sink-ids)");
              });

      kafka.createTopic(commands, 1);
      kafka.createTopic(ids, 1);
      checkUntil(watch, () -> watch.notReady().isEmpty());
      assertThat(watch.notReady()).isEmpty();
    }
  }

  private static void checkUntil(KafkaWatch watch, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    do {
      watch.check();
    } while (!condition.getAsBoolean() && System.nanoTime() < deadline);
  }
}
