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

  @Test
  void anInterruptedBackfillResumesAfterItsCheckpoint(@TempDir Path dir) throws Exception {
    String topic = kafka.createTopic(kafka.uniqueTopic("backfill"), 3);
    Path file = dir.resolve("orders.jsonl");
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      b.append("{\"order_number\":\"R-").append(i).append("\"}\n");
    }
    Files.writeString(file, b);
    // As if a first run had been interrupted after Kafka acknowledged 40 lines.
    Files.writeString(Backfill.checkpointFor(file), "40");

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
    assertThat(Files.readString(Backfill.checkpointFor(file))).isEqualTo("2");
  }

  /** SIGTERM or Ctrl-C: what was sent is waited for and checkpointed, so a rerun re-sends none. */
  @Test
  void aStoppedBackfillCheckpointsExactlyWhatKafkaHas(@TempDir Path dir) throws Exception {
    String topic = kafka.createTopic(kafka.uniqueTopic("backfill"), 3);
    Path file = dir.resolve("orders.jsonl");
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      b.append("{\"order_number\":\"S-").append(i).append("\"}\n");
    }
    Files.writeString(file, b);
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

    long checkpoint = Long.parseLong(Files.readString(Backfill.checkpointFor(file)));
    assertThat(stopped.published()).isBetween(1L, 1999L);
    assertThat(checkpoint).isEqualTo(stopped.published());
    assertThat(count(topic)).isEqualTo(checkpoint);

    Backfill.Result rerun =
        new Backfill(client(), System::nanoTime).run(file, topic, 100_000, (d, t, r, s) -> {});
    assertThat(rerun.skipped()).isEqualTo(checkpoint);
    assertThat(count(topic)).as("every line once").isEqualTo(2000);
  }
}
