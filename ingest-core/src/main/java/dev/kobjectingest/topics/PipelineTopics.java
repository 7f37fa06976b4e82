package dev.kobjectingest.topics;

import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.mapping.SourceRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The topics one configuration of the pipeline names, with their roles: the raw topics its rules
 * read, and its command, id-table and dead-letter topics. The {@code topics} command lists and
 * creates them; {@code run} creates the pipeline's own ones with {@link #ensure}.
 */
public final class PipelineTopics {
  private PipelineTopics() {}

  /**
   * Raw, command, id-table and dead-letter topics, in that order (the internal ones: {@code
   * InternalTopics}).
   */
  public static List<PipelineTopic> of(IngestConfig config) {
    List<PipelineTopic> all = new ArrayList<>(sources(config));
    all.addAll(own(config));
    return all;
  }

  /** The raw topics the rules read. */
  public static List<PipelineTopic> sources(IngestConfig config) {
    List<PipelineTopic> out = new ArrayList<>();
    for (SourceRule r : config.rules().byTopic().values()) {
      Path file = Path.of(r.file()).getFileName();
      out.add(new PipelineTopic(r.topic(), TopicRole.RAW, "rule " + file));
    }
    return out;
  }

  /** The topics the pipeline writes and creates itself. */
  public static List<PipelineTopic> own(IngestConfig config) {
    List<PipelineTopic> out = new ArrayList<>();
    out.add(topic(config, "topics.customer-commands", TopicRole.COMMAND));
    out.add(topic(config, "topics.order-commands", TopicRole.COMMAND));
    out.add(topic(config, "topics.customer-ids", TopicRole.ID_TABLE));
    out.add(topic(config, "topics.sink-ids", TopicRole.ID_TABLE));
    out.add(topic(config, "topics.dead-letters", TopicRole.DEAD_LETTER));
    return out;
  }

  private static PipelineTopic topic(IngestConfig config, String key, TopicRole role) {
    return new PipelineTopic(config.get(key), role, key);
  }

  /**
   * What {@code run} creates before Streams starts: the pipeline's own topics with {@code
   * topics.create}, and the raw ones too with {@code topics.create-sources}. Safe when another
   * instance creates them at the same moment.
   */
  /**
   * The largest dead letter the dead-letter topic takes, as {@code dead-letters.max.bytes} asks but
   * never more than the topic accepts: a producer that sends more fails its exactly-once
   * transaction. Says so when the topic caps it.
   */
  public static int deadLetterMaxBytes(IngestConfig config) {
    int wanted = config.deadLetterMaxBytes();
    String topic = config.get("topics.dead-letters");
    try (TopicAdmin admin = TopicAdmin.connect(config, "kobject-ingest-topics")) {
      int accepted = admin.maxMessageBytes(topic).map(b -> b - 1024).orElse(wanted);
      if (accepted < wanted) {
        LoggerFactory.getLogger(PipelineTopics.class)
            .warn(
                "dead-letters.max.bytes={} but topic {} takes at most {} bytes (max.message.bytes):"
                    + " dead letters above that go without their value; raise the topic's"
                    + " max.message.bytes to keep them whole",
                wanted,
                topic,
                accepted + 1024);
        return accepted;
      }
      return wanted;
    }
  }

  public static void ensure(IngestConfig config) {
    List<PipelineTopic> wanted = new ArrayList<>();
    if (Boolean.parseBoolean(config.get("topics.create-sources"))) {
      wanted.addAll(sources(config));
    }
    if (Boolean.parseBoolean(config.get("topics.create"))) {
      wanted.addAll(own(config));
    }
    if (wanted.isEmpty()) {
      return;
    }
    try (TopicAdmin admin = TopicAdmin.connect(config, "kobject-ingest-topics")) {
      admin.createMissing(wanted);
    }
  }
}
