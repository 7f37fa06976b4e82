package dev.kobjectingest.sink;

import dev.kobjectingest.support.RateLimitedLog;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one command topic as a consumer group: each polled record goes to a {@link
 * KeyedExecutor} (in order per key, concurrently across keys) and is processed there by a {@link
 * RecordProcessor}. The consumer pauses while too many records are unfinished, and each partition
 * is committed only up to its lowest unfinished record ({@link PartitionOffsets}), so every earlier
 * record is applied or dead-lettered; partitions that move are handed over by {@link
 * PartitionHandover}. One iteration is {@link #pollOnce()}, which tests drive with a {@code
 * MockConsumer}.
 *
 * <p>A commit that fails (Kafka gone, the topic deleted) is logged and tried again at the next
 * interval: the records stay uncommitted and are delivered again at worst, and the loop goes on
 * instead of dying. Only offsets that moved are committed, and no commit waits longer than {@link
 * #COMMIT_TIMEOUT}, so neither an outage nor a stop waits out Kafka's one-minute default.
 */
public final class CommandLoop implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CommandLoop.class);
  private static final Bytes NO_KEY = Bytes.wrap(new byte[0]);

  /** The longest one commit may wait for Kafka. */
  static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);

  private final String topic;
  private final Consumer<byte[], byte[]> consumer;
  private final KeyedExecutor<Bytes> executor;
  private final RecordProcessor processor;
  private final LoopSettings settings;
  private final Clock clock;
  private final SinkCounters counters;
  private final PartitionOffsets offsets = new PartitionOffsets();
  private final RunningRecords running = new RunningRecords();
  private final PartitionHandover handover;
  private final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
  private final RateLimitedLog commitFailures;
  private volatile boolean stopping;
  private volatile boolean failed;
  private volatile long unread;
  private long lastCommit;

  CommandLoop(
      String topic,
      Consumer<byte[], byte[]> consumer,
      KeyedExecutor<Bytes> executor,
      RecordProcessor processor,
      LoopSettings settings,
      Clock clock,
      SinkCounters counters) {
    this.topic = topic;
    this.consumer = consumer;
    this.executor = executor;
    this.processor = processor;
    this.settings = settings;
    this.clock = clock;
    this.counters = counters;
    this.handover =
        new PartitionHandover(
            running,
            offsets,
            this::commitAndForget,
            processor::partitionsAssigned,
            settings.drainTimeout(),
            clock);
    this.commitFailures = new RateLimitedLog(clock, Duration.ofSeconds(30));
  }

  /** The command topic this loop consumes. */
  String topic() {
    return topic;
  }

  @Override
  public void run() {
    start();
    try {
      while (!stopping) {
        pollOnce();
      }
    } catch (WakeupException e) {
      // close(), or a fatal failure, asked us to stop
    } finally {
      shutdown();
    }
  }

  void start() {
    consumer.subscribe(List.of(topic), handover);
    lastCommit = clock.millis();
  }

  /** Polls once, hands the records over, pauses or resumes, and commits when it is time. */
  void pollOnce() {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(settings.pollTimeout())) {
      TopicPartition tp = new TopicPartition(r.topic(), r.partition());
      offsets.started(tp, r.offset());
      executor.submit(
          r.key() == null ? NO_KEY : Bytes.wrap(r.key()), new Item(r, tp, processor.sequence(r)));
    }
    unread = unread();
    if (offsets.inFlight() >= settings.maxPending()) {
      consumer.pause(consumer.assignment());
    } else if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
    if (clock.millis() - lastCommit >= settings.commitInterval().toMillis()) {
      commitQuietly(consumer.assignment());
      lastCommit = clock.millis();
    }
  }

  /**
   * Records running finish (bounded), queued ones are abandoned, and the offsets are committed up
   * to the lowest unfinished record, so nothing is lost or half-applied. After a fatal failure
   * nothing is waited for: every call would fail alike.
   */
  void shutdown() {
    stopping = true;
    handover.stopping(settings.stopTimeout());
    if (!failed) {
      handover.awaitRunning(tp -> true, "stopping " + topic);
    }
    // Closing the consumer revokes the partitions once more: waited and committed already, it
    // must not wait again, nor retry a commit Kafka did not take just now (it is down).
    handover.stopping(Duration.ZERO);
    if (!commitQuietly(consumer.assignment())) {
      committed.putAll(offsets.committable());
    }
    consumer.close(CloseOptions.timeout(settings.closeTimeout()));
  }

  /** Stops the loop from another thread; {@link #run()} then drains, commits and returns. */
  @Override
  public void close() {
    stopping = true;
    consumer.wakeup();
  }

  /** Records read and not yet applied or dead-lettered: the topic's backlog in this instance. */
  public int inFlight() {
    return offsets.inFlight();
  }

  /**
   * The work this instance has for its topic: records read and not finished, plus those not read
   * yet. The consumer's own lag counts only the second, so it stays small while thousands of read
   * records wait in memory for the budget.
   */
  public long backlog() {
    return offsets.inFlight() + unread;
  }

  /** Records of the assigned partitions not read yet, as the consumer last knew them. */
  private long unread() {
    long lag = 0;
    for (TopicPartition tp : consumer.assignment()) {
      lag += consumer.currentLag(tp).orElse(0);
    }
    return lag;
  }

  private void fail() {
    failed = true;
    close();
  }

  /** Commits what moved since the last commit (on the loop's thread only, like every call). */
  private void commit(Collection<TopicPartition> owned) {
    Map<TopicPartition, OffsetAndMetadata> safe = offsets.committable();
    safe.keySet().retainAll(owned);
    safe.entrySet().removeIf(e -> e.getValue().equals(committed.get(e.getKey())));
    if (!safe.isEmpty()) {
      consumer.commitSync(safe, COMMIT_TIMEOUT);
      committed.putAll(safe);
    }
  }

  /** A partition handed over: committed for the last time here, then forgotten. */
  private void commitAndForget(Collection<TopicPartition> partitions) {
    commitQuietly(partitions);
    committed.keySet().removeAll(partitions);
  }

  /** Commits what moved; false when Kafka did not take it. */
  private boolean commitQuietly(Collection<TopicPartition> owned) {
    try {
      try {
        commit(owned);
      } catch (WakeupException e) {
        commit(owned); // the wake-up meant for the poll, which was not waiting
      }
      return true;
    } catch (RuntimeException e) {
      commitFailures.log(
          "commit",
          "committing "
              + topic
              + " failed; tried again at the next commit, and what stays"
              + " uncommitted is delivered again: "
              + e,
          LOG::warn);
      return false;
    }
  }

  /** One consumed record waiting for, or being, applied. */
  private final class Item implements KeyedExecutor.Work {
    final ConsumerRecord<byte[], byte[]> record;
    final TopicPartition tp;
    final long sequence;

    Item(ConsumerRecord<byte[], byte[]> record, TopicPartition tp, long sequence) {
      this.record = record;
      this.tp = tp;
      this.sequence = sequence;
    }

    @Override
    public void run() {
      running.enter(tp);
      try {
        // Entered before looking: a revocation that waits for running records sees this one.
        if (stopping || handover.revoked(tp)) {
          return; // left for the next owner or the next start: its offset stays uncommitted
        }
        switch (processor.process(record)) {
          case FINISHED -> offsets.finished(tp, record.offset());
          case FATAL -> fail();
          case UNFINISHED -> {}
        }
      } finally {
        running.exit(tp);
      }
    }

    @Override
    public void superseded() {
      counters.coalesced.increment();
      offsets.finished(tp, record.offset());
    }

    @Override
    public boolean supersedes(KeyedExecutor.Work older) {
      return settings.coalesce()
          && older instanceof Item o
          && o.tp.equals(tp)
          && sequence >= o.sequence;
    }
  }
}
