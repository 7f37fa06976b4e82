package dev.kobjectingest.sink;

import dev.kobjectingest.deadletter.DeadLetter;
import dev.kobjectingest.kustomer.Outcome;
import dev.kobjectingest.metrics.IngestMeters;
import dev.kobjectingest.support.Pii;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one command topic as a consumer group and applies each record through a {@link
 * CommandHandler}: in order per key, concurrently across keys, with a bounded number of records in
 * flight. A partition's offset is committed only up to its lowest unfinished record, so every
 * earlier record is applied or dead-lettered. Retriable failures are retried with backoff until a
 * deadline (an outage of minutes is waited out), permanent ones are dead-lettered, and a fatal one
 * (401/403) stops the sink loudly.
 */
public final class CommandSink implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CommandSink.class);

  private final String topic;
  private final String stage;
  private final CommandHandler handler;
  private final SinkSettings settings;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Producer<byte[], byte[]> deadLetters;
  private final KeyedExecutor executor;
  private final PartitionOffsets offsets = new PartitionOffsets();
  private final Set<TopicPartition> revoked = ConcurrentHashMap.newKeySet();
  private final Map<TopicPartition, java.util.concurrent.atomic.AtomicInteger> runningByPartition =
      new ConcurrentHashMap<>();
  private final Clock clock;
  private final Sleeper sleeper;
  private final IngestMeters meters;
  private final AtomicReference<CallFailure> fatal = new AtomicReference<>();
  private final LongAdder applied = new LongAdder();
  private final LongAdder deadLettered = new LongAdder();
  private final LongAdder coalesced = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private volatile boolean running = true;

  /** Waits; tests and the demo may shorten it. */
  public interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  public CommandSink(
      String topic,
      String stage,
      CommandHandler handler,
      SinkSettings settings,
      Map<String, String> kafka,
      Producer<byte[], byte[]> deadLetters,
      ExecutorService pool,
      Clock clock,
      Sleeper sleeper,
      IngestMeters meters) {
    this.topic = topic;
    this.meters = meters;
    this.stage = stage;
    this.handler = handler;
    this.settings = settings;
    this.deadLetters = deadLetters;
    this.executor = new KeyedExecutor(pool);
    this.clock = clock;
    this.sleeper = sleeper;
    Properties p = new Properties();
    kafka.forEach(p::put);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Commands are written by an exactly-once Streams app: never act on an aborted transaction's
    // output.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(100, settings.maxPending() / 4));
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    // Not started yet and its partition revoked, or the sink stopping: left for the next owner or
    // the next start (its offset stays uncommitted), never half-done.
    executor.dropWhen(w -> !running || revoked.contains(((Item) w).tp));
    handler.bind(offsets::inFlight);
  }

  @Override
  public void run() {
    consumer.subscribe(List.of(topic), new Rebalance());
    long lastCommit = clock.millis();
    try {
      while (running && fatal.get() == null) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          offsets.started(tp, r.offset());
          executor.submit(r.key() == null ? "" : r.key(), new Item(r, tp, handler.sequence(r)));
        }
        if (offsets.inFlight() >= settings.maxPending()) {
          consumer.pause(consumer.assignment());
        } else if (!consumer.paused().isEmpty()) {
          consumer.resume(consumer.paused());
        }
        if (clock.millis() - lastCommit >= settings.commitInterval().toMillis()) {
          commit(consumer.assignment());
          lastCommit = clock.millis();
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } finally {
      drainAndCommit();
      consumer.close(
          org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(10)));
    }
    CallFailure f = fatal.get();
    if (f != null) {
      LOG.error(
          "sink for {} stopped: Kustomer refused the credentials or role ({})",
          topic,
          f.getMessage());
    }
  }

  private void commit(Collection<TopicPartition> owned) {
    Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> safe =
        offsets.committable();
    safe.keySet().retainAll(owned);
    if (!safe.isEmpty()) {
      consumer.commitSync(safe);
    }
  }

  /**
   * On stop: records already running finish (at most 30 s), queued ones are abandoned, and the
   * offsets are committed up to the lowest unfinished record, so nothing is lost or half-applied.
   */
  private void drainAndCommit() {
    long deadline = clock.millis() + 30_000;
    while (!executor.idle() && clock.millis() < deadline && fatal.get() == null) {
      try {
        TimeUnit.MILLISECONDS.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    try {
      commit(consumer.assignment());
    } catch (RuntimeException e) {
      LOG.warn(
          "final commit of {} failed; the records will be delivered again: {}",
          topic,
          e.toString());
    }
  }

  /** The failure that stopped the sink, if one did. */
  CallFailure fatalFailure() {
    return fatal.get();
  }

  public long applied() {
    return applied.sum();
  }

  public long deadLettered() {
    return deadLettered.sum();
  }

  public long coalesced() {
    return coalesced.sum();
  }

  public long retries() {
    return retries.sum();
  }

  public int inFlight() {
    return offsets.inFlight();
  }

  /** The stage this sink reports in dead letters and meters ({@code customer}, {@code kobject}). */
  public String stage() {
    return stage;
  }

  /**
   * Binds the consumer's own client metrics (fetch rate, records lag). Micrometer reads them
   * through {@code metrics()}, which the consumer allows from another thread.
   */
  void bindClientMetrics(MeterRegistry registry) {
    new KafkaClientMetrics(consumer).bindTo(registry);
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
  }

  private void process(Item item) {
    long start = clock.millis();
    SplittableRandom random = new SplittableRandom(item.record.offset());
    int attempt = 0;
    CallFailure previous = null;
    while (true) {
      attempt++;
      try {
        long eventTime = handler.handle(item.record, previous);
        applied.increment();
        if (eventTime > 0) {
          meters.endToEnd(stage, Duration.ofMillis(clock.millis() - eventTime));
        }
        item.finish();
        return;
      } catch (CommandHandler.InvalidCommand e) {
        deadLetter(
            item,
            new DeadLetter(
                stage,
                "invalid-command",
                "",
                null,
                null,
                e.getClass().getSimpleName(),
                e.getMessage(),
                attempt));
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (CallFailure f) {
        if (f.outcome() == Outcome.FATAL) {
          fatal.compareAndSet(null, f);
          consumer.wakeup();
          return;
        }
        boolean expired = clock.millis() - start >= settings.backoff().deadline().toMillis();
        if (f.outcome() == Outcome.PERMANENT || expired) {
          String reason =
              "klass_not_found".equals(f.errorCode())
                  ? KlassBootstrap.KLASS_MISSING
                  : f.outcome() == Outcome.PERMANENT ? "http-4xx" : "retries-exhausted";
          deadLetter(
              item,
              new DeadLetter(
                  stage,
                  reason,
                  "",
                  f.status(),
                  f.errorBody(),
                  "CallFailure",
                  f.getMessage(),
                  attempt));
          return;
        }
        retries.increment();
        previous = f;
        try {
          sleeper.sleep(settings.backoff().delayMillis(attempt - 1, random));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      } catch (RuntimeException e) {
        // A bug in our own code: dead-letter the record rather than lose it or loop on it, and say
        // so loudly.
        LOG.error(
            "unexpected failure applying {} record at {}-{}@{}",
            stage,
            item.tp.topic(),
            item.tp.partition(),
            item.record.offset(),
            e);
        deadLetter(
            item,
            new DeadLetter(
                stage,
                "internal-error",
                "",
                null,
                null,
                e.getClass().getName(),
                e.getMessage(),
                attempt));
        return;
      }
    }
  }

  private void deadLetter(Item item, DeadLetter dl) {
    ConsumerRecord<String, byte[]> r = item.record;
    ProducerRecord<byte[], byte[]> out =
        new ProducerRecord<>(
            settings.deadLetterTopic(),
            null,
            r.key() == null ? null : r.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
            r.value(),
            r.headers());
    dl.writeTo(
        out.headers(),
        r.topic(),
        r.partition(),
        r.offset(),
        r.timestamp(),
        settings.appVersion(),
        clock.instant());
    try {
      deadLetters.send(out).get(30, TimeUnit.SECONDS);
      deadLettered.increment();
      meters.deadLetter(stage, dl.reason());
      item.finish();
      LOG.warn(
          "dead-lettered {} record {}-{}@{}: {} {}",
          stage,
          r.topic(),
          r.partition(),
          r.offset(),
          dl.reason(),
          Pii.mask(dl.exceptionMessage()));
    } catch (Exception e) {
      // Not finished: the offset stays uncommitted and the record comes back after a restart.
      LOG.error(
          "cannot write a dead letter for {}-{}@{}: {}",
          r.topic(),
          r.partition(),
          r.offset(),
          e.toString());
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One consumed record waiting for, or being, applied. */
  private final class Item implements KeyedExecutor.Work {
    final ConsumerRecord<String, byte[]> record;
    final TopicPartition tp;
    final long sequence;

    Item(ConsumerRecord<String, byte[]> record, TopicPartition tp, long sequence) {
      this.record = record;
      this.tp = tp;
      this.sequence = sequence;
    }

    @Override
    public void run() {
      java.util.concurrent.atomic.AtomicInteger n =
          runningByPartition.computeIfAbsent(
              tp, k -> new java.util.concurrent.atomic.AtomicInteger());
      n.incrementAndGet();
      try {
        process(this);
      } finally {
        n.decrementAndGet();
      }
    }

    @Override
    public void superseded() {
      coalesced.increment();
      finish();
    }

    @Override
    public void dropped() {
      // Its partition moved to another instance, which will deliver it again: never finished here.
    }

    @Override
    public boolean supersedes(KeyedExecutor.Work older) {
      return settings.coalesce()
          && older instanceof Item o
          && o.tp.equals(tp)
          && sequence >= o.sequence;
    }

    void finish() {
      offsets.finished(tp, record.offset());
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      revoked.addAll(partitions);
      // Let the records already running finish, so the next owner never writes the same key
      // concurrently.
      long deadline = clock.millis() + 30_000;
      while (clock.millis() < deadline && partitions.stream().anyMatch(tp -> running(tp))) {
        try {
          TimeUnit.MILLISECONDS.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      try {
        commit(partitions);
      } catch (RuntimeException e) {
        LOG.warn("commit on revocation failed; records will be delivered again: {}", e.toString());
      }
      partitions.forEach(offsets::forget);
    }

    private boolean running(TopicPartition tp) {
      java.util.concurrent.atomic.AtomicInteger n = runningByPartition.get(tp);
      return n != null && n.get() > 0;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      revoked.removeAll(partitions);
      if (!partitions.isEmpty()) {
        handler.partitionsAssigned();
      }
    }
  }
}
