package dev.kobjectingest.backfill;

import dev.kobjectingest.support.TopicSizeLimits;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes historical payloads (one JSON document per line, optionally gzipped) to a raw topic at
 * a bounded rate, so a new installation loads its order history through the same pipeline. A
 * checkpoint file records how many lines are acknowledged by Kafka: a rerun skips them, and only
 * lines sent after the last checkpoint can be sent twice (at most one batch), which the pipeline's
 * latest-wins merge and idempotent upserts absorb.
 */
public final class Backfill {
  static final int BATCH = 500;

  /** How often the checkpoint moves at most, whatever the rate: an interruption re-sends little. */
  private static final long CHECKPOINT_EVERY_NANOS = 1_000_000_000L;

  private final AtomicBoolean stopping = new AtomicBoolean();

  /** Progress after each acknowledged batch. */
  public interface Progress {
    void report(long published, long total, double perSecond, long skipped);
  }

  /**
   * Counts of one run; {@code through} is the last line it went through (below {@code total} when
   * it was stopped).
   */
  public record Result(long total, long skipped, long published, long blankLines, long through) {}

  private final Map<String, String> kafka;
  private final LongSupplier nanoTime;

  public Backfill(Map<String, String> kafka, LongSupplier nanoTime) {
    this.kafka = kafka;
    this.nanoTime = nanoTime;
  }

  /**
   * Asks a running {@link #run} to stop after the line it is on: it waits for what it sent and
   * moves the checkpoint there (SIGTERM, Ctrl-C), so a rerun re-sends nothing.
   */
  public void stop() {
    stopping.set(true);
  }

  /**
   * One checkpoint per file and topic: the same history loaded into another topic (after a wrong
   * first try, or into a second pipeline) starts from its first line, not where the other stopped.
   */
  public static Path checkpointFor(Path file, String topic) {
    return file.resolveSibling(file.getFileName() + "." + topic + ".checkpoint");
  }

  public Result run(Path file, String topic, int perSecond, Progress progress) throws Exception {
    long total = countLines(file);
    Path checkpoint = checkpointFor(file, topic);
    long done = Files.exists(checkpoint) ? Long.parseLong(Files.readString(checkpoint).trim()) : 0;
    Bucket rate =
        Bucket.builder()
            .addLimit(
                Bandwidth.builder()
                    .capacity(Math.max(1, perSecond))
                    .refillGreedy(Math.max(1, perSecond), Duration.ofSeconds(1))
                    .build())
            .build();
    Properties p = producerProperties(topic);
    long line = 0;
    long published = 0;
    long blank = 0;
    long start = nanoTime.getAsLong();
    try (BufferedReader in = reader(file);
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      Sent batch = new Sent(file, checkpoint);
      long checkpointed = nanoTime.getAsLong();
      String text;
      while (!stopping.get() && (text = in.readLine()) != null) {
        line++;
        if (line <= done) {
          continue;
        }
        if (text.isBlank()) {
          blank++;
        } else {
          rate.asBlocking().consume(1);
          Future<RecordMetadata> sent =
              producer.send(new ProducerRecord<>(topic, text.getBytes(StandardCharsets.UTF_8)));
          batch.add(sent, line);
          published++;
          if (sent.isDone()) {
            // Refused by the producer itself (too large): stop here, not after the batch's rest.
            batch.ack(line);
          }
        }
        long now = nanoTime.getAsLong();
        if (batch.size() >= BATCH || now - checkpointed >= CHECKPOINT_EVERY_NANOS) {
          batch.ack(line);
          checkpointed = now;
          double secs = Math.max(1e-9, (now - start) / 1e9);
          progress.report(done + published + blank, total, published / secs, done);
        }
      }
      batch.ack(line);
    }
    double secs = Math.max(1e-9, (nanoTime.getAsLong() - start) / 1e9);
    progress.report(line, total, published / secs, done);
    return new Result(total, Math.min(done, total), published, blank, Math.max(line, done));
  }

  private Properties producerProperties(String topic) {
    Properties p = new Properties();
    kafka.forEach(p::put);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    try (TopicSizeLimits limits = new TopicSizeLimits(kafka)) {
      // The producer itself refuses a line the topic would: the run stops at it, with its number.
      p.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, limits.of(topic));
    }
    return p;
  }

  /** The records sent and not yet acknowledged, with their line numbers. */
  private static final class Sent {
    private final Path file;
    private final Path checkpoint;
    private final List<Future<RecordMetadata>> futures = new ArrayList<>();
    private final List<Long> lines = new ArrayList<>();

    Sent(Path file, Path checkpoint) {
      this.file = file;
      this.checkpoint = checkpoint;
    }

    void add(Future<RecordMetadata> sent, long line) {
      futures.add(sent);
      lines.add(line);
    }

    int size() {
      return futures.size();
    }

    /**
     * Waits for every record, then moves the checkpoint to {@code line}: a line is only skipped
     * later once Kafka has it. A record Kafka refuses stops the run with its line number, the
     * checkpoint just before it.
     */
    void ack(long line) throws Exception {
      for (int i = 0; i < futures.size(); i++) {
        try {
          futures.get(i).get();
        } catch (java.util.concurrent.ExecutionException e) {
          long bad = lines.get(i);
          write(checkpoint, bad - 1);
          throw new IllegalStateException(
              "line "
                  + bad
                  + " of "
                  + file
                  + " was refused by Kafka: "
                  + e.getCause().getMessage()
                  + (e.getCause() instanceof org.apache.kafka.common.errors.RecordTooLargeException
                      ? " (the topic's max.message.bytes, or the broker's message.max.bytes,"
                          + " must allow it; or fix the line)"
                      : "")
                  + "; the lines before it are done, a rerun starts at it",
              e.getCause());
        }
      }
      futures.clear();
      lines.clear();
      write(checkpoint, line);
    }

    private static void write(Path checkpoint, long line) throws IOException {
      Path tmp = checkpoint.resolveSibling(checkpoint.getFileName() + ".tmp");
      Files.writeString(tmp, Long.toString(line));
      Files.move(
          tmp, checkpoint, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private static long countLines(Path file) throws IOException {
    try (BufferedReader in = reader(file)) {
      return in.lines().count();
    }
  }

  private static BufferedReader reader(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }
}
