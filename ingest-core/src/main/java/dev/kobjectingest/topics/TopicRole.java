package dev.kobjectingest.topics;

/** What a topic is to the pipeline, which decides who creates it and how. */
public enum TopicRole {
  /** Read by the rules; owned by the upstream systems that publish to it. */
  RAW("raw"),
  /** Written by the topology, read by the sink. */
  COMMAND("command"),
  /** Learned ids, compacted: only the latest value per key matters, kept forever. */
  ID_TABLE("id table"),
  DEAD_LETTER("dead letter"),
  /** Repartition and changelog topics, which Kafka Streams creates and configures itself. */
  INTERNAL("internal");

  private final String label;

  TopicRole(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public boolean compacted() {
    return this == ID_TABLE;
  }

  /**
   * Internal topics are Kafka Streams' to create (with its own settings); every other one is ours.
   */
  public boolean createdByStreams() {
    return this == INTERNAL;
  }
}
