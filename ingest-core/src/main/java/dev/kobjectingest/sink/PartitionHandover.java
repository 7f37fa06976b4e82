package dev.kobjectingest.sink;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands partitions over when they move between instances. A revoked partition's running records
 * finish first (bounded by the clock), so its next owner never writes a key this instance still
 * writes; then what is finished is committed and the partition forgotten, and its records not yet
 * started are left to the next owner. A newly assigned partition makes the processor catch up with
 * what its previous owner wrote.
 */
final class PartitionHandover implements ConsumerRebalanceListener {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionHandover.class);

  private final Set<TopicPartition> revoked = ConcurrentHashMap.newKeySet();
  private final RunningRecords running;
  private final PartitionOffsets offsets;
  private final Consumer<Collection<TopicPartition>> commit;
  private final Runnable catchUp;
  private volatile Duration waitLimit;
  private final Clock clock;

  PartitionHandover(
      RunningRecords running,
      PartitionOffsets offsets,
      Consumer<Collection<TopicPartition>> commit,
      Runnable catchUp,
      Duration drainTimeout,
      Clock clock) {
    this.running = running;
    this.offsets = offsets;
    this.commit = commit;
    this.catchUp = catchUp;
    this.waitLimit = drainTimeout;
    this.clock = clock;
  }

  /** Whether {@code tp} was taken away: its records not yet started must not start here. */
  boolean revoked(TopicPartition tp) {
    return revoked.contains(tp);
  }

  /**
   * The loop is stopping: from now on running records get {@code stopTimeout} to finish, also when
   * closing the consumer revokes the partitions once more.
   */
  void stopping(Duration stopTimeout) {
    this.waitLimit = stopTimeout;
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    revoked.addAll(partitions);
    awaitRunning(partitions::contains, "revoking " + partitions);
    commit.accept(partitions);
    partitions.forEach(offsets::forget);
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    revoked.removeAll(partitions);
    if (!partitions.isEmpty()) {
      catchUp.run();
    }
  }

  /** Waits, at most the drain (or stop) timeout, until no record of the partitions runs. */
  void awaitRunning(Predicate<TopicPartition> partitions, String why) {
    Duration limit = waitLimit;
    try {
      if (!running.awaitNone(partitions, clock, clock.millis() + limit.toMillis())) {
        LOG.warn("{}: records still running after {}", why, limit);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
