package dev.kobjectingest.sink;

import dev.kobjectingest.deadletter.DeadLetter;
import dev.kobjectingest.deadletter.DeadLetterHeaders;
import dev.kobjectingest.mapping.Origin;
import dev.kobjectingest.support.Pii;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a record the sink gave up on to the dead-letter topic: its key, value and headers byte for
 * byte, plus the contract headers of {@link DeadLetter} (docs/design.md 5.3). Waits for the
 * broker's acknowledgement, since only then may the record's offset be committed.
 */
final class DeadLetterWriter {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterWriter.class);

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final String appVersion;
  private final Clock clock;
  private final Duration sendTimeout;

  DeadLetterWriter(
      Producer<byte[], byte[]> producer,
      String topic,
      String appVersion,
      Clock clock,
      Duration sendTimeout) {
    this.producer = producer;
    this.topic = topic;
    this.appVersion = appVersion;
    this.clock = clock;
    this.sendTimeout = sendTimeout;
  }

  /** Whether the dead letter is written; when not, the record stays unfinished. */
  boolean write(ConsumerRecord<byte[], byte[]> r, DeadLetter letter) {
    return write(r, letter, null);
  }

  /** As {@link #write(ConsumerRecord, DeadLetter)}, pointing replay to {@code origin} if given. */
  boolean write(ConsumerRecord<byte[], byte[]> r, DeadLetter letter, Origin origin) {
    ProducerRecord<byte[], byte[]> out =
        new ProducerRecord<>(
            topic, null, r.key(), r.value(), new RecordHeaders(r.headers().toArray()));
    letter.writeTo(
        out.headers(),
        r.topic(),
        r.partition(),
        r.offset(),
        r.timestamp(),
        appVersion,
        clock.instant());
    if (origin != null) {
      DeadLetterHeaders.put(out.headers(), DeadLetterHeaders.ORIGIN_TOPIC, origin.topic());
      DeadLetterHeaders.put(
          out.headers(), DeadLetterHeaders.ORIGIN_PARTITION, String.valueOf(origin.partition()));
      DeadLetterHeaders.put(
          out.headers(), DeadLetterHeaders.ORIGIN_OFFSET, String.valueOf(origin.offset()));
    }
    try {
      producer.send(out).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // Not finished: the offset stays uncommitted and the record comes back after a restart.
      LOG.error(
          "cannot write a dead letter for {}-{}@{}: {}",
          r.topic(),
          r.partition(),
          r.offset(),
          e.toString());
      return false;
    }
    LOG.warn(
        "dead-lettered {} record {}-{}@{}: {} {}",
        letter.stage(),
        r.topic(),
        r.partition(),
        r.offset(),
        letter.reason(),
        Pii.mask(letter.exceptionMessage()));
    return true;
  }
}
