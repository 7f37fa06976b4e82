package dev.kobjectingest.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
    String group = groupFor(selection);
    String replayId = UUID.randomUUID().toString();
    Properties cp = new Properties();
    kafka.forEach(cp::put);
    cp.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Properties pp = new Properties();
    kafka.forEach(pp::put);
    pp.put(ProducerConfig.ACKS_CONFIG, "all");
    pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    long scanned = 0;
    long matched = 0;
    long replayed = 0;
    long already = 0;
    long withoutSource = 0;
    long lost = 0;
    long fromOrigin = 0;
    long originsLost = 0;
    // A customer and each of its orders may point to the same raw event: it is sent once.
    java.util.Set<String> originsSent = new java.util.HashSet<>();
    Map<TopicPartition, Long> replayedSoFar = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer());
        SourceRecords originals = new SourceRecords(kafka)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo p : consumer.partitionsFor(deadLetterTopic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(deadLetterTopic, p.partition()));
      }
      consumer.assign(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Map<TopicPartition, OffsetAndMetadata> committed =
          consumer.committed(new java.util.HashSet<>(partitions));
      for (TopicPartition tp : partitions) {
        OffsetAndMetadata c = committed.get(tp);
        if (c != null) {
          consumer.seek(tp, c.offset());
          long before = replayedIn(c);
          replayedSoFar.put(tp, before);
          already += before;
        } else {
          consumer.seekToBeginning(List.of(tp));
        }
      }
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> progress = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (r.offset() >= end.get(tp)) {
            continue;
          }
          scanned++;
          progress.put(tp, committable(r.offset() + 1, replayedSoFar.getOrDefault(tp, 0L)));
          if (!selection.matches(r.headers(), r.offset())) {
            continue;
          }
          matched++;
          onRecord.accept(r);
          String source = DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.SOURCE_TOPIC);
          if (source == null) {
            withoutSource++;
            continue;
          }
          ConsumerRecord<byte[], byte[]> original = r;
          String target = source;
          Optional<ConsumerRecord<byte[], byte[]>> origin = Optional.empty();
          if (r.headers().lastHeader(DeadLetterHeaders.ORIGIN_TOPIC) != null) {
            // A sink failure a fixed rule may cure: the raw event runs through the rules again.
            origin = originOf(r, originals);
            if (origin.isPresent()) {
              original = origin.get();
              target = original.topic();
              fromOrigin++;
            } else {
              originsLost++;
            }
          }
          if (origin.isEmpty() && r.headers().lastHeader(DeadLetterHeaders.VALUE_OMITTED) != null) {
            // Too large to travel whole: re-read it where it was first published.
            Optional<ConsumerRecord<byte[], byte[]>> o = originalOf(r, originals);
            if (o.isEmpty()) {
              lost++;
              continue;
            }
            original = o.get();
          }
          if (dryRun) {
            continue;
          }
          if (origin.isPresent()
              && !originsSent.add(
                  original.topic() + "/" + original.partition() + "/" + original.offset())) {
            replayed++;
            long n = replayedSoFar.merge(tp, 1L, Long::sum);
            progress.put(tp, committable(r.offset() + 1, n));
            continue;
          }
          RecordHeaders headers = new RecordHeaders();
          for (Header h : original.headers()) {
            if (!h.key().startsWith(DeadLetterHeaders.PREFIX)) {
              headers.add(h);
            }
          }
          headers.remove(DeadLetterHeaders.REPLAY_ID);
          headers.add(
              DeadLetterHeaders.REPLAY_ID,
              (replayId + ":" + r.partition() + ":" + r.offset()).getBytes(StandardCharsets.UTF_8));
          sends.add(
              producer.send(
                  new ProducerRecord<>(target, null, original.key(), original.value(), headers)));
          replayed++;
          long n = replayedSoFar.merge(tp, 1L, Long::sum);
          progress.put(tp, committable(r.offset() + 1, n));
        }
        for (Future<RecordMetadata> f : sends) {
          f.get(); // committed only once every record before it is safely re-published
        }
        if (!dryRun && !progress.isEmpty()) {
          consumer.commitSync(progress);
        }
      }
    }
    return new Result(
        scanned, matched, replayed, withoutSource, already, lost, fromOrigin, originsLost);
  }

  private static Optional<ConsumerRecord<byte[], byte[]>> originOf(
      ConsumerRecord<byte[], byte[]> deadLetter, SourceRecords originals) {
    return read(
        originals,
        deadLetter,
        DeadLetterHeaders.ORIGIN_TOPIC,
        DeadLetterHeaders.ORIGIN_PARTITION,
        DeadLetterHeaders.ORIGIN_OFFSET);
  }

  private static Optional<ConsumerRecord<byte[], byte[]>> originalOf(
      ConsumerRecord<byte[], byte[]> deadLetter, SourceRecords originals) {
    return read(
        originals,
        deadLetter,
        DeadLetterHeaders.SOURCE_TOPIC,
        DeadLetterHeaders.SOURCE_PARTITION,
        DeadLetterHeaders.SOURCE_OFFSET);
  }

  private static Optional<ConsumerRecord<byte[], byte[]>> read(
      SourceRecords originals,
      ConsumerRecord<byte[], byte[]> deadLetter,
      String topic,
      String partition,
      String offset) {
    try {
      return originals.read(
          DeadLetterHeaders.get(deadLetter.headers(), topic),
          Integer.parseInt(DeadLetterHeaders.get(deadLetter.headers(), partition)),
          Long.parseLong(DeadLetterHeaders.get(deadLetter.headers(), offset)));
    } catch (NumberFormatException | NullPointerException e) {
      return Optional.empty();
    }
  }

  private static OffsetAndMetadata committable(long next, long replayedFromPartition) {
    return new OffsetAndMetadata(next, REPLAYED_METADATA + replayedFromPartition);
  }

  /**
   * How many records earlier runs re-published from a partition. Progress committed before the
   * count was kept has no count: it is reported as 0 rather than guessed from the offset.
   */
  private static long replayedIn(OffsetAndMetadata committed) {
    String m = committed.metadata();
    if (m == null || !m.startsWith(REPLAYED_METADATA)) {
      return 0;
    }
    try {
      return Long.parseLong(m.substring(REPLAYED_METADATA.length()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
