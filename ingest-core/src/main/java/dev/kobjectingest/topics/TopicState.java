package dev.kobjectingest.topics;

/** What the broker says about a topic: absent, or its partitions and cleanup policy. */
public record TopicState(String name, boolean exists, int partitions, String cleanupPolicy) {
  public static TopicState missing(String name) {
    return new TopicState(name, false, 0, "");
  }
}
