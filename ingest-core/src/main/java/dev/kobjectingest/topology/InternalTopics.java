package dev.kobjectingest.topology;

import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.metrics.IngestMeters;
import dev.kobjectingest.topics.PipelineTopic;
import dev.kobjectingest.topics.PipelineTopics;
import dev.kobjectingest.topics.TopicRole;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The topics Kafka Streams creates for the topology, named as it names them ({@code
 * <application.id>-<name>}): every topic the topology reads or writes that is not one of the
 * configured ones (repartition and foreign-key-join topics), and a changelog per state store (the
 * topology logs every store).
 */
public final class InternalTopics {
  private InternalTopics() {}

  public static List<PipelineTopic> of(IngestConfig config) {
    Set<String> external = new LinkedHashSet<>();
    PipelineTopics.of(config).forEach(t -> external.add(t.name()));
    TopologyDescription d =
        IngestTopology.build(
                config.rules(),
                TopologySettings.from(config, "topics"),
                Clock.systemUTC(),
                IngestMeters.none())
            .describe();
    Set<String> names = new LinkedHashSet<>();
    for (TopologyDescription.Subtopology s : d.subtopologies()) {
      for (TopologyDescription.Node n : s.nodes()) {
        if (n instanceof TopologyDescription.Source src && src.topicSet() != null) {
          src.topicSet().stream().filter(t -> !external.contains(t)).forEach(names::add);
        } else if (n instanceof TopologyDescription.Sink sink
            && sink.topic() != null
            && !external.contains(sink.topic())) {
          names.add(sink.topic());
        } else if (n instanceof TopologyDescription.Processor p) {
          p.stores().forEach(store -> names.add(store + "-changelog"));
        }
      }
    }
    String app = config.get("streams.application.id");
    return names.stream()
        .map(n -> new PipelineTopic(app + "-" + n, TopicRole.INTERNAL, "streams.application.id"))
        .toList();
  }
}
