package dev.kobjectingest.sink;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets of each partition are still being worked on. A partition may be committed only up
 * to its lowest unfinished offset: every earlier record is applied or dead-lettered (invariant 1),
 * whatever order the keys finished in. Thread-safe.
 */
final class PartitionOffsets {
  private final Map<TopicPartition, TreeSet<Long>> pending = new HashMap<>();
  private final Map<TopicPartition, Long> nextToCommit = new HashMap<>();
  private final Map<TopicPartition, Long> highestStarted = new HashMap<>();

  synchronized void started(TopicPartition tp, long offset) {
    pending.computeIfAbsent(tp, k -> new TreeSet<>()).add(offset);
    nextToCommit.merge(tp, offset, Math::min);
    highestStarted.merge(tp, offset, Math::max);
  }

  synchronized void finished(TopicPartition tp, long offset) {
    TreeSet<Long> p = pending.get(tp);
    if (p == null || !p.remove(offset)) {
      return;
    }
    // Nothing left unfinished: everything read so far is done, whichever record finished last.
    long next = p.isEmpty() ? highestStarted.get(tp) + 1 : p.first();
    nextToCommit.merge(tp, next, Math::max);
  }

  /** Offsets safe to commit now, per partition. */
  synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    nextToCommit.forEach(
        (tp, next) -> {
          TreeSet<Long> p = pending.get(tp);
          long safe = p == null || p.isEmpty() ? next : Math.min(next, p.first());
          out.put(tp, new OffsetAndMetadata(safe));
        });
    return out;
  }

  synchronized int inFlight() {
    return pending.values().stream().mapToInt(TreeSet::size).sum();
  }

  synchronized int inFlight(TopicPartition tp) {
    TreeSet<Long> p = pending.get(tp);
    return p == null ? 0 : p.size();
  }

  /** Forgets a partition this instance no longer owns. */
  synchronized void forget(TopicPartition tp) {
    pending.remove(tp);
    nextToCommit.remove(tp);
    highestStarted.remove(tp);
  }
}
