package dev.kobjectingest.e2e;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

/** Topics deleted under a running pipeline, as someone might; recreated as they were. */
final class DeletedTopics {
  private final Map<String, String> kafka;
  private final List<NewTopic> before;

  private DeletedTopics(Map<String, String> kafka, List<NewTopic> before) {
    this.kafka = kafka;
    this.before = before;
  }

  static DeletedTopics delete(E2eFixture f, List<String> names) throws Exception {
    Map<String, String> kafka =
        Map.of("bootstrap.servers", f.scenario.settings().get("kafka.bootstrap.servers"));
    try (Admin admin = Admin.create(Map.<String, Object>copyOf(kafka))) {
      Map<String, TopicDescription> described =
          admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
      List<NewTopic> before =
          names.stream()
              .map(
                  n ->
                      new NewTopic(n, described.get(n).partitions().size(), (short) 1)
                          .configs(cleanupPolicy(admin, n)))
              .toList();
      admin.deleteTopics(names).all().get(30, TimeUnit.SECONDS);
      return new DeletedTopics(kafka, before);
    }
  }

  void recreate() throws Exception {
    try (Admin admin = Admin.create(Map.<String, Object>copyOf(kafka))) {
      admin.createTopics(before).all().get(30, TimeUnit.SECONDS);
    }
  }

  private static Map<String, String> cleanupPolicy(Admin admin, String topic) {
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try {
      return Map.of(
          "cleanup.policy",
          admin
              .describeConfigs(List.of(r))
              .all()
              .get(30, TimeUnit.SECONDS)
              .get(r)
              .get("cleanup.policy")
              .value());
    } catch (Exception e) {
      throw new IllegalStateException("cannot describe " + topic, e);
    }
  }
}
