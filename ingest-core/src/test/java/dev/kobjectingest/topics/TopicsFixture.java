package dev.kobjectingest.topics;

import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.testing.RulesDirs;
import dev.kobjectingest.testsupport.KafkaTestBroker;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A configuration whose every topic name is new on the shared broker. */
final class TopicsFixture {
  private TopicsFixture() {}

  static Map<String, String> settings(KafkaTestBroker kafka, Path dir) throws Exception {
    String ns = kafka.uniqueTopic("topics");
    Map<String, String> o = new HashMap<>();
    o.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    o.put(
        "rules.dir",
        RulesDirs.namespaced(Path.of("..", "mapping-rules"), dir.resolve("rules"), ns).toString());
    o.put("streams.application.id", ns + ".app");
    o.put("topics.partitions", "2");
    for (String t :
        List.of(
            "dead-letters", "customer-commands", "order-commands", "customer-ids", "sink-ids")) {
      o.put("topics." + t, ns + ".ingest." + t);
    }
    return o;
  }

  static IngestConfig config(KafkaTestBroker kafka, Path dir) throws Exception {
    return IngestConfig.load(null, Map.of(), settings(kafka, dir));
  }
}
