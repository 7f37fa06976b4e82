package dev.kobjectingest.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.testsupport.KafkaTestBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Creating the pipeline's topics on a real broker, alone and racing another instance. */
class PipelineTopicsIT {
  private final KafkaTestBroker kafka = KafkaTestBroker.shared();

  @Test
  void aTopicAnotherInstanceCreatedBetweenListingAndCreatingCountsAsCreated(@TempDir Path dir)
      throws Exception {
    IngestConfig config = TopicsFixture.config(kafka, dir);
    List<PipelineTopic> wanted = PipelineTopics.of(config);
    try (TopicAdmin admin = TopicAdmin.connect(config, "test")) {
      // The other instance wins the race for one topic after this one decided what is missing.
      kafka.createTopic(config.get("topics.dead-letters"), 2);

      List<String> created = admin.createMissing(wanted);

      assertThat(created)
          .hasSize(wanted.size() - 1)
          .doesNotContain(config.get("topics.dead-letters"));
      Map<String, TopicState> states =
          admin.describe(wanted.stream().map(PipelineTopic::name).toList());
      assertThat(states.values()).allMatch(TopicState::exists);
      assertThat(states.get(config.get("topics.customer-ids")).cleanupPolicy())
          .isEqualTo("compact");
      assertThat(states.get(config.get("topics.sink-ids")).cleanupPolicy()).isEqualTo("compact");
      assertThat(states.get(config.get("topics.order-commands")).cleanupPolicy())
          .isEqualTo("delete");
      assertThat(states.get(config.get("topics.order-commands")).partitions()).isEqualTo(2);
    }
  }

  @Test
  void twoInstancesEnsuringTheirTopicsAtTheSameMomentBothGoOn(@TempDir Path dir) throws Exception {
    for (int round = 0; round < 3; round++) {
      Map<String, String> settings = TopicsFixture.settings(kafka, dir.resolve("r" + round));
      settings.put("topics.create-sources", "true");
      IngestConfig config = IngestConfig.load(null, Map.of(), settings);
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<Void>> instances = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        instances.add(
            CompletableFuture.runAsync(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  PipelineTopics.ensure(config);
                }));
      }
      go.countDown();
      CompletableFuture.allOf(instances.toArray(CompletableFuture[]::new))
          .get(60, TimeUnit.SECONDS);

      try (TopicAdmin admin = TopicAdmin.connect(config, "test")) {
        assertThat(admin.existing())
            .containsAll(PipelineTopics.of(config).stream().map(PipelineTopic::name).toList());
      }
    }
  }
}
