package dev.kobjectingest.backfill;

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

  /** Progress after each acknowledged batch. */
  public interface Progress {
    void report(long published, long total, double perSecond, long skipped);
  }

  /** Counts of one run. */
  public record Result(long total, long skipped, long published, long blankLines) {}

  private final Map<String, String> kafka;
  private final LongSupplier nanoTime;

  public Backfill(Map<String, String> kafka, LongSupplier nanoTime) {
    this.kafka = kafka;
    this.nanoTime = nanoTime;
  }

  public static Path checkpointFor(Path file) {
    return file.resolveSibling(file.getFileName() + ".checkpoint");
  }

  public Result run(Path file, String topic, int perSecond, Progress progress) throws Exception {
    long total = countLines(file);
    Path checkpoint = checkpointFor(file);
    long done = Files.exists(checkpoint) ? Long.parseLong(Files.readString(checkpoint).trim()) : 0;
    Bucket rate =
        Bucket.builder()
            .addLimit(
                Bandwidth.builder()
                    .capacity(Math.max(1, perSecond))
                    .refillGreedy(Math.max(1, perSecond), Duration.ofSeconds(1))
                    .build())
            .build();
    Properties p = new Properties();
    kafka.forEach(p::put);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    long line = 0;
    long published = 0;
    long blank = 0;
    long start = nanoTime.getAsLong();
    try (BufferedReader in = reader(file);
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<Future<RecordMetadata>> batch = new ArrayList<>();
      String text;
      while ((text = in.readLine()) != null) {
        line++;
        if (line <= done) {
          continue;
        }
        if (text.isBlank()) {
          blank++;
        } else {
          rate.asBlocking().consume(1);
          batch.add(
              producer.send(new ProducerRecord<>(topic, text.getBytes(StandardCharsets.UTF_8))));
          published++;
        }
        if (batch.size() >= BATCH) {
          ack(batch, checkpoint, line);
          double secs = Math.max(1e-9, (nanoTime.getAsLong() - start) / 1e9);
          progress.report(done + published + blank, total, published / secs, done);
        }
      }
      ack(batch, checkpoint, line);
    }
    double secs = Math.max(1e-9, (nanoTime.getAsLong() - start) / 1e9);
    progress.report(line, total, published / secs, done);
    return new Result(total, Math.min(done, total), published, blank);
  }

  /**
   * Waits for the batch, then moves the checkpoint: a line is only skipped later once Kafka has it.
   */
  private static void ack(List<Future<RecordMetadata>> batch, Path checkpoint, long line)
      throws Exception {
    for (Future<RecordMetadata> f : batch) {
      f.get();
    }
    batch.clear();
    Path tmp = checkpoint.resolveSibling(checkpoint.getFileName() + ".tmp");
    Files.writeString(tmp, Long.toString(line));
    Files.move(
        tmp, checkpoint, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
