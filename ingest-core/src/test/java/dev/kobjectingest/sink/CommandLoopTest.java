package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.support.FakeTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The consumer loop on a MockConsumer and a fake clock: offsets, pausing, rebalances, stopping. */
class CommandLoopTest {
  private static final String TOPIC = "ingest.order-commands";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

  private final FakeTime time = new FakeTime();
  private final CommittingConsumer consumer = new CommittingConsumer();
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final GatedProcessor processor = new GatedProcessor();
  private final SinkCounters counters = new SinkCounters();
  private CommandLoop loop;

  @BeforeEach
  void start() {
    loop = loop(100);
    loop.start();
    consumer.rebalance(List.of(P0, P1));
    consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
  }

  @AfterEach
  void stop() {
    processor.openAll();
    pool.shutdownNow();
  }

  @Test
  void aPartitionIsCommittedOnlyUpToItsLowestUnfinishedRecord() throws Exception {
    processor.gate(0);
    add(P0, 0, "a", 1);
    add(P0, 1, "b", 1);
    add(P0, 2, "c", 1);
    add(P1, 0, "d", 1);

    loop.pollOnce();
    await(() -> loop.inFlight() == 1);
    commitNow();

    assertThat(committed(P0)).as("held back by the running record 0").isZero();
    assertThat(committed(P1)).isEqualTo(1);

    processor.open(0);
    await(() -> loop.inFlight() == 0);
    commitNow();

    assertThat(committed(P0)).isEqualTo(3);
    assertThat(counters.coalesced.sum()).isZero();
  }

  @Test
  void offsetsAreCommittedOnlyWhenTheIntervalHasPassed() {
    add(P0, 0, "a", 1);
    loop.pollOnce();
    await(() -> loop.inFlight() == 0);

    loop.pollOnce();
    assertThat(consumer.commits).isEmpty();

    time.advance(Duration.ofMillis(500));
    loop.pollOnce();
    assertThat(committed(P0)).isEqualTo(1);
  }

  @Test
  void aCommitKafkaDoesNotTakeIsTriedAgainLaterAndTheLoopGoesOn() {
    add(P0, 0, "a", 1);
    loop.pollOnce();
    await(() -> loop.inFlight() == 0);
    consumer.failCommits = true;
    commitNow(); // Kafka gone, or the topic deleted: the commit times out, the loop does not die
    assertThat(consumer.commits).isEmpty();

    consumer.failCommits = false;
    commitNow();
    assertThat(committed(P0)).isEqualTo(1);

    consumer.commits.clear();
    commitNow();
    assertThat(consumer.commits).as("nothing moved: nothing committed again").isEmpty();
  }

  @Test
  void theConsumerPausesWhileTooManyRecordsAreUnfinishedAndResumesAfter() {
    loop = loop(2);
    loop.start();
    consumer.rebalance(List.of(P0));
    processor.gate(0);
    processor.gate(1);
    add(P0, 0, "a", 1);
    add(P0, 1, "b", 1);

    loop.pollOnce();

    assertThat(loop.inFlight()).isEqualTo(2);
    assertThat(consumer.paused()).containsExactly(P0);

    processor.openAll();
    await(() -> loop.inFlight() == 0);
    loop.pollOnce();

    assertThat(consumer.paused()).isEmpty();
  }

  @Test
  void aKeysRecordsRunInOrderAndQueuedOnesCoalesceToTheNewest() throws Exception {
    processor.gate(0);
    add(P0, 0, "order-1", 1);
    loop.pollOnce();
    await(() -> processor.running.contains("0-0"));
    add(P0, 1, "order-1", 2);
    add(P0, 2, "order-1", 3);
    add(P0, 3, "order-2", 1);
    loop.pollOnce();
    await(() -> processor.finished.contains("0-3"));
    assertThat(processor.processed).doesNotContain("0-1", "0-2");

    processor.open(0);
    await(() -> loop.inFlight() == 0);
    commitNow();

    assertThat(processor.processed).containsExactlyInAnyOrder("0-0", "0-2", "0-3");
    assertThat(processor.processed.indexOf("0-2"))
        .isGreaterThan(processor.processed.indexOf("0-0"));
    assertThat(counters.coalesced.sum()).isOne();
    assertThat(committed(P0)).as("a superseded record is finished").isEqualTo(4);
  }

  @Test
  void keysAreComparedAsBytesSoNonUtf8KeysStaySeparate() {
    processor.gate(0);
    byte[] one = {0x00, (byte) 0xfe, (byte) 0xff};
    byte[] two = {0x00, (byte) 0xfe, (byte) 0xfe}; // both decode to the same replacement text
    consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 0L, one, new byte[] {1}));
    consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 1L, two, new byte[] {1}));

    loop.pollOnce();

    await(() -> processor.finished.contains("0-1")); // not queued behind the gated key
    assertThat(Bytes.wrap(one)).isNotEqualTo(Bytes.wrap(two));
  }

  @Test
  void aRevokedPartitionsRunningRecordFinishesBeforeItIsCommittedAndLetGo() throws Exception {
    processor.gate(0);
    add(P0, 0, "a", 1);
    add(P0, 1, "a", 0); // queued behind the running record, and not superseding it
    loop.pollOnce();
    await(() -> processor.running.contains("0-0"));

    Thread revoking = new Thread(() -> consumer.rebalance(List.of(P1)));
    revoking.start();
    revoking.join(50);
    assertThat(revoking.isAlive()).as("waits for the running record").isTrue();

    processor.open(0);
    revoking.join(10_000);

    assertThat(committed(P0)).as("record 0 done, record 1 left to the next owner").isOne();
    assertThat(processor.processed).containsExactly("0-0");
    assertThat(loop.inFlight()).as("the partition is forgotten").isZero();
  }

  @Test
  void aRevocationStopsWaitingWhenItsDeadlinePasses() throws Exception {
    processor.gate(0);
    add(P0, 0, "a", 1);
    loop.pollOnce();
    await(() -> processor.running.contains("0-0"));
    AtomicBoolean revoked = new AtomicBoolean();
    Thread clock =
        new Thread(
            () -> {
              while (!revoked.get()) {
                sleep(10);
                time.advance(Duration.ofSeconds(31));
              }
            });
    clock.start();

    consumer.rebalance(List.of(P1));
    revoked.set(true);
    clock.join();

    assertThat(committed(P0)).as("record 0 is unfinished").isZero();
    assertThat(processor.running).as("still running, on the clock's word").contains("0-0");
  }

  @Test
  void aFatalFailureStopsTheLoopAndNothingQueuedRunsAfterIt() {
    processor.fatal(0);
    add(P0, 0, "a", 1);
    add(P0, 1, "a", 0);

    loop.pollOnce();

    await(
        () -> {
          try {
            loop.pollOnce();
            return false;
          } catch (WakeupException e) {
            return true;
          }
        });
    await(() -> !processor.running.contains("0-0"));
    sleep(20);
    assertThat(processor.processed).containsExactly("0-0");
    assertThat(loop.inFlight()).as("neither record finished").isEqualTo(2);
  }

  @Test
  void stoppingLetsRunningRecordsFinishAbandonsQueuedOnesAndCommits() throws Exception {
    processor.gate(0);
    add(P0, 0, "a", 1);
    add(P0, 1, "a", 0);
    loop.pollOnce();
    await(() -> processor.running.contains("0-0"));

    loop.close();
    Thread stopping = new Thread(loop::shutdown);
    stopping.start();
    stopping.join(50);
    assertThat(stopping.isAlive()).as("waits for the running record").isTrue();
    processor.open(0);
    stopping.join(10_000);

    assertThat(processor.processed).containsExactly("0-0");
    assertThat(committed(P0)).isOne();
    assertThat(consumer.closed()).isTrue();
  }

  @Test
  void runPollsUntilClosed() throws Exception {
    add(P0, 0, "a", 1);
    Thread running = new Thread(loop);
    running.start();
    await(() -> processor.finished.contains("0-0"));
    await(() -> loop.inFlight() == 0);

    loop.close();
    running.join(10_000);

    assertThat(running.isAlive()).isFalse();
    assertThat(consumer.closed()).isTrue();
  }

  private CommandLoop loop(int maxPending) {
    return new CommandLoop(
        TOPIC,
        consumer,
        new KeyedExecutor<>(pool),
        processor,
        new LoopSettings(
            maxPending,
            Duration.ZERO,
            Duration.ofMillis(500),
            Duration.ofSeconds(30),
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            true),
        time,
        counters);
  }

  private void add(TopicPartition tp, long offset, String key, int sequence) {
    consumer.addRecord(
        new ConsumerRecord<>(
            TOPIC,
            tp.partition(),
            offset,
            key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            new byte[] {(byte) sequence}));
  }

  private void commitNow() {
    time.advance(Duration.ofSeconds(1));
    loop.pollOnce();
  }

  private long committed(TopicPartition tp) {
    assertThat(consumer.commits).containsKey(tp);
    return consumer.commits.get(tp).offset();
  }

  /** A MockConsumer that keeps what was committed, readable after it is closed too. */
  private static final class CommittingConsumer extends MockConsumer<byte[], byte[]> {
    final Map<TopicPartition, OffsetAndMetadata> commits = new ConcurrentHashMap<>();
    volatile boolean failCommits;

    CommittingConsumer() {
      super("earliest");
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
      if (failCommits) {
        throw new org.apache.kafka.common.errors.TimeoutException(
            "Timeout of 5000ms expired before successfully committing offsets " + offsets);
      }
      super.commitSync(offsets);
      commits.putAll(offsets);
    }
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met in 10 s");
      }
      sleep(1);
    }
  }

  private static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Processes records as the test says: a gated record runs until its gate opens; a record marked
   * fatal is fatal; every other one is finished. Records are named partition-offset.
   */
  private static final class GatedProcessor implements RecordProcessor {
    final Map<Long, CountDownLatch> gates = new ConcurrentHashMap<>();
    final Set<Long> fatal = ConcurrentHashMap.newKeySet();
    final List<String> processed = new CopyOnWriteArrayList<>();
    final Set<String> running = ConcurrentHashMap.newKeySet();
    final Set<String> finished = ConcurrentHashMap.newKeySet();

    void gate(long offset) {
      gates.put(offset, new CountDownLatch(1));
    }

    void open(long offset) {
      gates.get(offset).countDown();
    }

    void openAll() {
      gates.values().forEach(CountDownLatch::countDown);
    }

    void fatal(long offset) {
      fatal.add(offset);
    }

    @Override
    public Verdict process(ConsumerRecord<byte[], byte[]> record) {
      String name = record.partition() + "-" + record.offset();
      processed.add(name);
      running.add(name);
      try {
        CountDownLatch gate = gates.get(record.offset());
        if (gate != null && record.partition() == 0) {
          gate.await();
        }
        if (fatal.contains(record.offset())) {
          return Verdict.FATAL;
        }
        finished.add(name);
        return Verdict.FINISHED;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Verdict.UNFINISHED;
      } finally {
        running.remove(name);
      }
    }

    @Override
    public long sequence(ConsumerRecord<byte[], byte[]> record) {
      return record.value()[0];
    }

    @Override
    public void partitionsAssigned() {}
  }
}
