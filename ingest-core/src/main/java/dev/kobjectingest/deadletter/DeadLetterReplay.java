package dev.kobjectingest.deadletter;

import dev.kobjectingest.support.TopicSizeLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Re-publishes selected dead letters to the topics they came from: the original key, value and
 * headers, without the {@code ingest.dlq.*} headers, plus {@code ingest.replay.id}. It reads the
 * dead-letter topic up to the end it saw at start (so it terminates), as a consumer group derived
 * from the selection, committing as it goes: an interrupted replay resumes, and a second run of the
 * same selection re-sends nothing. Re-sending anyway (another group) is harmless: the pipeline's
 * upserts are idempotent.
 *
 * <p>Each commit carries, in its metadata, how many records this selection has re-published from
 * that partition so far, so a later run reports exactly how many it skips as already replayed (the
 * committed offset alone also counts the records the selection did not match).
 */
public final class DeadLetterReplay {
  /**
   * Counts of one run.
   *
   * @param matched records of this run that the selection matched
   * @param replayed those re-published (a dry run: none)
   * @param withoutSource matched records without a source-topic header, which cannot be
   *     re-published
   * @param alreadyReplayed records earlier runs of this selection re-published
   * @param originalsLost matched records that travelled without their value and whose original
   *     retention has removed from the source topic: not re-published
   * @param fromOrigin of those re-published, the raw records a sink-stage dead letter pointed to
   *     (they run through the rules again)
   * @param originsLost dead letters whose raw record retention had removed: their own record was
   *     re-published instead
   */
  public record Result(
      long scanned,
      long matched,
      long replayed,
      long withoutSource,
      long alreadyReplayed,
      long originalsLost,
      long fromOrigin,
      long originsLost) {}

  static final String REPLAYED_METADATA = "replayed=";

  private final Map<String, String> kafka;
  private final String deadLetterTopic;

  public DeadLetterReplay(Map<String, String> kafka, String deadLetterTopic) {
    this.kafka = kafka;
    this.deadLetterTopic = deadLetterTopic;
  }

  /**
   * Commits, per partition, up to the first record whose re-publication failed, then reports that
   * failure: a rerun resumes exactly there, re-sending nothing Kafka already has.
   */
  private static void settle(List<ReplayRun.Step> steps, KafkaConsumer<byte[], byte[]> committer)
      throws Exception {
    Map<TopicPartition, OffsetAndMetadata> progress = new HashMap<>();
    Set<TopicPartition> stopped = new HashSet<>();
    ExecutionException first = null;
    for (ReplayRun.Step s : steps) {
      if (stopped.contains(s.partition())) {
        continue;
      }
      if (s.sent() != null) {
        try {
          s.sent().get();
        } catch (ExecutionException e) {
          stopped.add(s.partition());
          first = first == null ? e : first;
          continue;
        }
      }
      progress.put(s.partition(), s.next());
    }
    if (committer != null && !progress.isEmpty()) {
      committer.commitSync(progress);
    }
    if (first != null) {
      throw new IllegalStateException(
          "a dead letter could not be re-published: "
              + first.getCause().getMessage()
              + "; everything before it is done and remembered, a rerun resumes at it",
          first.getCause());
    }
  }

  /** The consumer group a selection resumes with. */
  public String groupFor(ReplaySelection selection) {
    return "kobject-ingest-replay-"
        + UUID.nameUUIDFromBytes(selection.fingerprint().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Runs a replay. {@code onRecord} hears each matching record (for {@code --dry-run} listings and
   * progress); with {@code dryRun} nothing is sent and no offset is committed.
   */
  public Result run(
      ReplaySelection selection, boolean dryRun, Consumer<ConsumerRecord<byte[], byte[]>> onRecord)
      throws Exception {
    Properties cp = new Properties();
    kafka.forEach(cp::put);
    cp.put(ConsumerConfig.GROUP_ID_CONFIG, groupFor(selection));
    cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Properties pp = new Properties();
    kafka.forEach(pp::put);
    pp.put(ProducerConfig.ACKS_CONFIG, "all");
    pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // A dead letter carries its original whole, which its source topic took even above the
    // producer's 1 MiB default: it goes back the same way.
    pp.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, TopicSizeLimits.FALLBACK);
    try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer());
        SourceRecords originals = new SourceRecords(kafka);
        TopicSizeLimits limits = new TopicSizeLimits(kafka)) {
      ReplayRun run = new ReplayRun(selection, dryRun, onRecord, producer, originals, limits);
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo p : consumer.partitionsFor(deadLetterTopic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(deadLetterTopic, p.partition()));
      }
      consumer.assign(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Map<TopicPartition, OffsetAndMetadata> committed =
          consumer.committed(new HashSet<>(partitions));
      for (TopicPartition tp : partitions) {
        OffsetAndMetadata c = committed.get(tp);
        if (c != null) {
          consumer.seek(tp, c.offset());
          run.resume(tp, c);
        } else {
          consumer.seekToBeginning(List.of(tp));
        }
      }
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        List<ReplayRun.Step> steps = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
            ReplayRun.Step step = run.handle(r);
            steps.add(step);
            if (step.refusedAlready()) {
              // Nothing after a refused record is sent: the rerun starts at it, re-sending none.
              break;
            }
          }
        }
        settle(steps, dryRun ? null : consumer);
      }
      return run.result();
    }
  }
}
