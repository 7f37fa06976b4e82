package dev.kobjectingest.deadletter;

import dev.kobjectingest.support.TopicSizeLimits;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One run of a {@link DeadLetterReplay}: what it does with each dead letter it reads (skip it, list
 * it, or re-publish it or the record behind it), the counts it reports, and the progress it commits
 * per partition.
 */
final class ReplayRun {
  private final ReplaySelection selection;
  private final boolean dryRun;
  private final Consumer<ConsumerRecord<byte[], byte[]>> onRecord;
  private final Producer<byte[], byte[]> producer;
  private final SourceRecords originals;
  private final TopicSizeLimits limits;

  /** A record batch's header and one record's framing, generously. */
  private static final int RECORD_OVERHEAD = 128;

  private final String replayId = UUID.randomUUID().toString();

  /** A customer and each of its orders may point to the same raw event: it is sent once. */
  private final Set<String> originsSent = new HashSet<>();

  private final Map<TopicPartition, Long> replayedSoFar = new HashMap<>();
  private long scanned;
  private long matched;
  private long replayed;
  private long already;
  private long withoutSource;
  private long lost;
  private long fromOrigin;
  private long originsLost;

  ReplayRun(
      ReplaySelection selection,
      boolean dryRun,
      Consumer<ConsumerRecord<byte[], byte[]>> onRecord,
      Producer<byte[], byte[]> producer,
      SourceRecords originals,
      TopicSizeLimits limits) {
    this.limits = limits;
    this.selection = selection;
    this.dryRun = dryRun;
    this.onRecord = onRecord;
    this.producer = producer;
    this.originals = originals;
  }

  /** Resumes a partition where this selection committed; its earlier count is reported as such. */
  void resume(TopicPartition tp, OffsetAndMetadata committed) {
    long before = replayedIn(committed);
    replayedSoFar.put(tp, before);
    already += before;
  }

  /**
   * What handling one dead letter left: the offset to commit once {@code sent} (the re-publication,
   * null when nothing was sent) is safely in Kafka.
   */
  record Step(TopicPartition partition, OffsetAndMetadata next, Future<RecordMetadata> sent) {
    /** Refused before it left (too large for its topic): known at once, unlike a broker's no. */
    boolean refusedAlready() {
      if (sent == null || !sent.isDone()) {
        return false;
      }
      try {
        sent.get();
        return false;
      } catch (java.util.concurrent.ExecutionException e) {
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** Handles one dead letter below the end seen at start. */
  Step handle(ConsumerRecord<byte[], byte[]> r) {
    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
    scanned++;
    Future<RecordMetadata> sent = republish(r, tp);
    return new Step(tp, committable(r.offset() + 1, replayedSoFar.getOrDefault(tp, 0L)), sent);
  }

  /** Re-publishes a matching dead letter (or the raw event behind it); null when none is sent. */
  private Future<RecordMetadata> republish(ConsumerRecord<byte[], byte[]> r, TopicPartition tp) {
    if (!selection.matches(r.headers(), r.offset())) {
      return null;
    }
    matched++;
    onRecord.accept(r);
    String source = DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.SOURCE_TOPIC);
    if (source == null) {
      withoutSource++;
      return null;
    }
    ConsumerRecord<byte[], byte[]> original = r;
    String target = source;
    Optional<ConsumerRecord<byte[], byte[]>> origin = Optional.empty();
    if (r.headers().lastHeader(DeadLetterHeaders.ORIGIN_TOPIC) != null) {
      // A sink failure a fixed rule may cure: the raw event runs through the rules again.
      origin = originOf(r);
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
      Optional<ConsumerRecord<byte[], byte[]>> o = originalOf(r);
      if (o.isEmpty()) {
        lost++;
        return null;
      }
      original = o.get();
    }
    if (dryRun) {
      return null;
    }
    replayed++;
    replayedSoFar.merge(tp, 1L, Long::sum);
    if (origin.isEmpty()
        || originsSent.add(
            original.topic() + "/" + original.partition() + "/" + original.offset())) {
      return send(
          republished(r, original, target), r.topic() + "-" + r.partition() + "@" + r.offset());
    }
    return null;
  }

  /** Sends one record, or fails it here when its topic would refuse it (see TopicSizeLimits). */
  private Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, String deadLetterAt) {
    int limit = limits.of(record.topic());
    long size = (long) length(record.key()) + length(record.value()) + RECORD_OVERHEAD;
    for (Header h : record.headers()) {
      size += h.key().length() + length(h.value());
    }
    if (size > limit) {
      return CompletableFuture.failedFuture(
          new RecordTooLargeException(
              "the dead letter at "
                  + deadLetterAt
                  + " is a record of about "
                  + size
                  + " bytes for "
                  + record.topic()
                  + ", which takes at most "
                  + limit
                  + " (its max.message.bytes)"));
    }
    return producer.send(record);
  }

  private static int length(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }

  DeadLetterReplay.Result result() {
    return new DeadLetterReplay.Result(
        scanned, matched, replayed, withoutSource, already, lost, fromOrigin, originsLost);
  }

  /**
   * The record to send: {@code original}'s key, value and headers without the dead-letter ones,
   * stamped with this run's replay id and the dead letter's place.
   */
  private ProducerRecord<byte[], byte[]> republished(
      ConsumerRecord<byte[], byte[]> deadLetter,
      ConsumerRecord<byte[], byte[]> original,
      String target) {
    RecordHeaders headers = new RecordHeaders();
    for (Header h : original.headers()) {
      if (!h.key().startsWith(DeadLetterHeaders.PREFIX)) {
        headers.add(h);
      }
    }
    headers.remove(DeadLetterHeaders.REPLAY_ID);
    headers.add(
        DeadLetterHeaders.REPLAY_ID,
        (replayId + ":" + deadLetter.partition() + ":" + deadLetter.offset())
            .getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(target, null, original.key(), original.value(), headers);
  }

  private Optional<ConsumerRecord<byte[], byte[]>> originOf(
      ConsumerRecord<byte[], byte[]> deadLetter) {
    return read(
        deadLetter,
        DeadLetterHeaders.ORIGIN_TOPIC,
        DeadLetterHeaders.ORIGIN_PARTITION,
        DeadLetterHeaders.ORIGIN_OFFSET);
  }

  private Optional<ConsumerRecord<byte[], byte[]>> originalOf(
      ConsumerRecord<byte[], byte[]> deadLetter) {
    return read(
        deadLetter,
        DeadLetterHeaders.SOURCE_TOPIC,
        DeadLetterHeaders.SOURCE_PARTITION,
        DeadLetterHeaders.SOURCE_OFFSET);
  }

  private Optional<ConsumerRecord<byte[], byte[]>> read(
      ConsumerRecord<byte[], byte[]> deadLetter, String topic, String partition, String offset) {
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
    return new OffsetAndMetadata(next, DeadLetterReplay.REPLAYED_METADATA + replayedFromPartition);
  }

  /**
   * How many records earlier runs re-published from a partition. Progress committed before the
   * count was kept has no count: it is reported as 0 rather than guessed from the offset.
   */
  private static long replayedIn(OffsetAndMetadata committed) {
    String m = committed.metadata();
    if (m == null || !m.startsWith(DeadLetterReplay.REPLAYED_METADATA)) {
      return 0;
    }
    try {
      return Long.parseLong(m.substring(DeadLetterReplay.REPLAYED_METADATA.length()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
