package dev.kobjectingest.deadletter;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.header.Headers;

/**
 * Which dead letters a replay re-publishes: by reason, stage, source topic, time (when
 * dead-lettered) and offset range in the dead-letter topic. An empty criterion matches everything.
 */
public record ReplaySelection(
    Set<String> reasons,
    Set<String> stages,
    Set<String> sourceTopics,
    Instant since,
    Instant until,
    long fromOffset,
    long toOffset) {

  public ReplaySelection {
    reasons = Set.copyOf(reasons);
    stages = Set.copyOf(stages);
    sourceTopics = Set.copyOf(sourceTopics);
  }

  public boolean matches(Headers headers, long offset) {
    if (offset < fromOffset || offset > toOffset) {
      return false;
    }
    if (!reasons.isEmpty()
        && !reasons.contains(DeadLetterHeaders.get(headers, DeadLetterHeaders.REASON))) {
      return false;
    }
    if (!stages.isEmpty()
        && !stages.contains(DeadLetterHeaders.get(headers, DeadLetterHeaders.STAGE))) {
      return false;
    }
    if (!sourceTopics.isEmpty()
        && !sourceTopics.contains(DeadLetterHeaders.get(headers, DeadLetterHeaders.SOURCE_TOPIC))) {
      return false;
    }
    String at = DeadLetterHeaders.get(headers, DeadLetterHeaders.DEAD_LETTERED_AT);
    if ((since != null || until != null) && at != null) {
      Instant t = Instant.parse(at);
      return (since == null || !t.isBefore(since)) && (until == null || !t.isAfter(until));
    }
    return true;
  }

  /**
   * A stable name for the selection: the replay's consumer group is derived from it, so rerunning
   * the same selection resumes where it stopped, while another selection sees every dead letter
   * afresh.
   */
  public String fingerprint() {
    return String.join(
        "|",
        String.join(",", new TreeSet<>(reasons)),
        String.join(",", new TreeSet<>(stages)),
        String.join(",", new TreeSet<>(sourceTopics)),
        String.valueOf(since),
        String.valueOf(until),
        String.valueOf(fromOffset),
        String.valueOf(toOffset));
  }
}
