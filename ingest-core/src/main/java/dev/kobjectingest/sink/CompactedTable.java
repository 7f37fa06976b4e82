package dev.kobjectingest.sink;

import dev.kobjectingest.support.ClientBuffers;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A compacted topic read into a local table ({@link DiskEntries}: on disk behind a bounded cache)
 * and followed: the sink's durable memory of what it wrote (customer ids, KObject ids, change
 * counts, writes in flight). Every instance follows the whole topic, and {@link #catchUp()} waits
 * until everything written before the call is seen, so an instance taking over a partition knows
 * what the previous owner did there.
 *
 * <p>Each key keeps the offset its value came from: a local {@link #put} and the same record read
 * back later never reorder, so a newer local value is not overwritten by an older one in flight.
 */
final class CompactedTable implements IdTable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CompactedTable.class);

  private final String topic;
  private final Producer<String, String> producer;
  private final DiskEntries entries;
  private final Consumer<String, String> consumer;
  private final ConcurrentLinkedQueue<CompletableFuture<Void>> catchUps =
      new ConcurrentLinkedQueue<>();
  private final Thread follower;
  private volatile boolean running = true;

  /**
   * Follows {@code topic} with {@code consumer} into {@code entries} (both its own, closed with the
   * table).
   */
  CompactedTable(
      String topic,
      Consumer<String, String> consumer,
      Producer<String, String> producer,
      DiskEntries entries) {
    this.topic = topic;
    this.entries = entries;
    this.producer = producer;
    this.consumer = consumer;
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
      partitions.add(new TopicPartition(topic, info.partition()));
    }
    if (partitions.isEmpty()) {
      consumer.close();
      entries.close();
      throw new IllegalStateException(
          "topic " + topic + " does not exist: create it (compacted) or set topics.create=true");
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.follower = new Thread(this::follow, "table-" + topic);
    follower.setDaemon(true);
    follower.start();
  }

  /** Reads the whole topic before returning: a sink must not act on a half-loaded memory. */
  static CompactedTable load(
      String topic,
      Map<String, String> kafka,
      Producer<String, String> producer,
      DiskEntries entries,
      Clock clock) {
    Properties p = new Properties();
    kafka.forEach(p::put);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    ClientBuffers.consumer(p, "");
    CompactedTable t =
        new CompactedTable(
            topic,
            new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer()),
            producer,
            entries);
    long start = clock.millis();
    try {
      t.catchUp();
    } catch (RuntimeException e) {
      t.close();
      throw e;
    }
    LOG.info(
        "loaded ~{} keys of {} in {} ms", entries.estimatedKeys(), topic, clock.millis() - start);
    return t;
  }

  @Override
  public String get(String key) {
    DiskEntries.Entry e = entries.get(key);
    return e == null ? null : e.value();
  }

  @Override
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The local table, for its metrics. */
  DiskEntries entries() {
    return entries;
  }

  /** Writes durably (acks from all replicas) before returning; {@code value} null deletes. */
  @Override
  public void put(String key, String value) throws InterruptedException {
    try {
      RecordMetadata m =
          producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
      entries.apply(key, value, m.partition(), m.offset());
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot write to " + topic + ": " + e.getMessage(), e);
    }
  }

  /** Blocks until every record written to the topic before this call has been applied here. */
  @Override
  public void catchUp() {
    CompletableFuture<Void> f = new CompletableFuture<>();
    catchUps.add(f);
    consumer.wakeup();
    try {
      f.get(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read " + topic + ": " + e, e);
    }
  }

  private void follow() {
    Map<TopicPartition, Long> target = null;
    List<CompletableFuture<Void>> waiting = new ArrayList<>();
    while (running) {
      try {
        boolean asked = false;
        CompletableFuture<Void> f;
        while ((f = catchUps.poll()) != null) {
          waiting.add(f);
          asked = true;
        }
        // A newer request needs the newer end offsets; the older requests are served by them too.
        if (asked || (target == null && !waiting.isEmpty())) {
          target = new HashMap<>(consumer.endOffsets(consumer.assignment()));
        }
        apply(consumer.poll(Duration.ofMillis(200)));
        if (target != null && reached(target)) {
          waiting.forEach(w -> w.complete(null));
          waiting.clear();
          target = null;
        }
      } catch (WakeupException e) {
        // a catch-up request or close: loop
      } catch (LocalStorageException e) {
        LOG.warn("following {}: {}; reading again in 1 s", topic, e.getMessage());
        target = null;
        pause();
      } catch (RuntimeException e) {
        // Transient (a broker restart): the waiting callers keep waiting, up to their timeout.
        LOG.warn("following {} failed; retrying: {}", topic, e.toString());
        target = null;
      }
    }
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }

  /**
   * Applies what was read. When the disk fails, the partitions are put back to their first record
   * not applied and the error thrown: skipping a record would leave its id out of the table for the
   * instance's life (the sink would create the object again).
   */
  private void apply(ConsumerRecords<String, String> batch) {
    Set<TopicPartition> done = new HashSet<>();
    for (TopicPartition tp : batch.partitions()) {
      for (ConsumerRecord<String, String> r : batch.records(tp)) {
        try {
          if (r.key() != null) {
            entries.apply(r.key(), r.value(), r.partition(), r.offset());
          }
        } catch (LocalStorageException e) {
          consumer.seek(tp, r.offset());
          for (TopicPartition other : batch.partitions()) {
            if (!other.equals(tp) && !done.contains(other)) {
              consumer.seek(other, batch.records(other).get(0).offset());
            }
          }
          throw e;
        }
      }
      done.add(tp);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean reached(Map<TopicPartition, Long> target) {
    for (Map.Entry<TopicPartition, Long> e : target.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      follower.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!follower.isAlive()) {
      entries.close();
    }
  }
}
