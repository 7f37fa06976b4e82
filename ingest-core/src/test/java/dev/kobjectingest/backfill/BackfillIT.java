package dev.kobjectingest.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kobjectingest.testsupport.KafkaTestBroker;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackfillIT {
  private final KafkaTestBroker kafka = KafkaTestBroker.shared();

  private Map<String, String> client() {
    Map<String, String> m = new HashMap<>();
    kafka.clientProperties().forEach((k, v) -> m.put(String.valueOf(k), String.valueOf(v)));
    return m;
  }

  private long count(String topic) {
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            kafka.clientProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> tps =
          c.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      return c.endOffsets(tps).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  @Test
  void aGzippedHistoryIsPublishedOnceEvenWhenRunTwice(@TempDir Path dir) throws Exception {
    String topic = kafka.createTopic(kafka.uniqueTopic("backfill"), 3);
    Path file = dir.resolve("orders.jsonl.gz");
    try (OutputStream raw = Files.newOutputStream(file);
        Writer w = new OutputStreamWriter(new GZIPOutputStream(raw), StandardCharsets.UTF_8)) {
      for (int i = 0; i < 1200; i++) {
        w.write("{\"order_number\":\"H-" + i + "\",\"created_at\":\"2024-01-01T00:00:00Z\"}\n");
      }
      w.write("\n");
    }
    Backfill backfill = new Backfill(client(), System::nanoTime);

    Backfill.Result first = backfill.run(file, topic, 100_000, (d, t, r, s) -> {});
    Backfill.Result second = backfill.run(file, topic, 100_000, (d, t, r, s) -> {});

    assertThat(first.published()).isEqualTo(1200);
    assertThat(first.blankLines()).isEqualTo(1);
    assertThat(second.published()).isZero();
    assertThat(second.skipped()).isEqualTo(1201);
    assertThat(count(topic)).isEqualTo(1200);
  }

  /** A history file of {@code n} small orders. */
  private static Path orders(Path dir, String prefix, int n) throws java.io.IOException {
    Path file = dir.resolve("orders.jsonl");
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append("{\"order_number\":\"").append(prefix).append('-').append(i).append("\"}\n");
    }
    return Files.writeString(file, b);
  }

  @Test
  void anInterruptedBackfillResumesAfterItsCheckpoint(@TempDir Path dir) throws Exception {
    String topic = kafka.createTopic(kafka.uniqueTopic("backfill"), 3);
    Path file = orders(dir, "R", 100);
    // As if a first run had been interrupted after Kafka acknowledged 40 lines.
    Files.writeString(Backfill.checkpointFor(file, topic), "40");

    Backfill.Result r =
        new Backfill(client(), System::nanoTime).run(file, topic, 100_000, (d, t, rate, s) -> {});

    assertThat(r.skipped()).isEqualTo(40);
    assertThat(r.published()).isEqualTo(60);
    assertThat(count(topic)).isEqualTo(60);
  }

  /** Documents over the producer's 1 MiB default go, as far as the topic takes them. */
  @Test
  void aLargeDocumentIsPublishedAndOneTooLargeForTheTopicStopsAtItsLine(@TempDir Path dir)
      throws Exception {
    String topic =
        kafka.createTopic(kafka.uniqueTopic("backfill"), 1, Map.of("max.message.bytes", "3000000"));
    Path file = dir.resolve("orders.jsonl");
    String large = "{\"order_number\":\"L-1\",\"note\":\"" + "x".repeat(2_000_000) + "\"}";
    String tooLarge = "{\"order_number\":\"L-3\",\"note\":\"" + "x".repeat(4_000_000) + "\"}";
    Files.writeString(file, large + "\n{\"order_number\":\"L-2\"}\n" + tooLarge + "\n{}\n");
    Backfill backfill = new Backfill(client(), System::nanoTime);

    assertThatThrownBy(() -> backfill.run(file, topic, 100_000, (d, t, r, s) -> {}))
        .hasMessageContaining("line 3 of " + file + " was refused by Kafka")
        .hasMessageContaining("max.message.bytes");

    assertThat(count(topic)).as("the lines before it").isEqualTo(2);
    assertThat(Files.readString(Backfill.checkpointFor(file, topic))).isEqualTo("2");
  }

  /** SIGTERM or Ctrl-C: what was sent is waited for and checkpointed, so a rerun re-sends none. */
  @Test
  void aStoppedBackfillCheckpointsExactlyWhatKafkaHas(@TempDir Path dir) throws Exception {
    String topic = kafka.createTopic(kafka.uniqueTopic("backfill"), 3);
    Path file = orders(dir, "S", 2000);
    Backfill backfill = new Backfill(client(), System::nanoTime);
    java.util.concurrent.CountDownLatch going = new java.util.concurrent.CountDownLatch(1);

    java.util.concurrent.CompletableFuture<Backfill.Result> run =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return backfill.run(file, topic, 400, (d, t, r, s) -> going.countDown());
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(going.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    backfill.stop();
    Backfill.Result stopped = run.get(30, java.util.concurrent.TimeUnit.SECONDS);

    long checkpoint = Long.parseLong(Files.readString(Backfill.checkpointFor(file, topic)));
    assertThat(stopped.published()).isBetween(1L, 1999L);
    assertThat(checkpoint).isEqualTo(stopped.published());
    assertThat(stopped.through())
        .as("where it stopped, not the file's length")
        .isEqualTo(checkpoint);
    assertThat(count(topic)).isEqualTo(checkpoint);

    Backfill.Result rerun =
        new Backfill(client(), System::nanoTime).run(file, topic, 100_000, (d, t, r, s) -> {});
    assertThat(rerun.skipped()).isEqualTo(checkpoint);
    assertThat(count(topic)).as("every line once").isEqualTo(2000);
  }

  /** Found by a newcomer: the same file into a second topic published nothing, and said so. */
  @Test
  void theSameFileIntoAnotherTopicStartsFromItsFirstLine(@TempDir Path dir) throws Exception {
    String first = kafka.createTopic(kafka.uniqueTopic("backfill"), 1);
    String second = kafka.createTopic(kafka.uniqueTopic("backfill"), 1);
    Path file = orders(dir, "T", 30);

    Backfill.Result a =
        new Backfill(client(), System::nanoTime).run(file, first, 100_000, (d, t, r, s) -> {});
    Backfill.Result b =
        new Backfill(client(), System::nanoTime).run(file, second, 100_000, (d, t, r, s) -> {});

    assertThat(a.published()).isEqualTo(30);
    assertThat(b.published()).isEqualTo(30);
    assertThat(b.skipped()).isZero();
    assertThat(count(second)).isEqualTo(30);
  }
}
