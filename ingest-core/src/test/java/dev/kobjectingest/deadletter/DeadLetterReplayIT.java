package dev.kobjectingest.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.app.cli.CliRunner;
import dev.kobjectingest.testsupport.KafkaTestBroker;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay's counts and listings on a real broker, with dead letters of several reasons. */
class DeadLetterReplayIT {
  private final KafkaTestBroker kafka = KafkaTestBroker.shared();

  private Map<String, String> client() {
    Map<String, String> m = new HashMap<>();
    kafka.clientProperties().forEach((k, v) -> m.put(String.valueOf(k), String.valueOf(v)));
    return m;
  }

  private long endOffset(String topic) throws Exception {
    org.apache.kafka.common.TopicPartition tp =
        new org.apache.kafka.common.TopicPartition(topic, 0);
    return kafka
        .admin()
        .listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()))
        .partitionResult(tp)
        .get()
        .offset();
  }

  /** Publishes dead letters from {@code source}; every third one's reason is klass-missing. */
  private void deadLetters(String topic, String source, int from, int to, String key)
      throws Exception {
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(
            kafka.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = from; i < to; i++) {
        RecordHeaders h = new RecordHeaders();
        String reason = i % 3 == 0 ? "klass-missing" : "http-4xx";
        new DeadLetter("kobject", reason, null, 404, "{}", "CallFailure", "no klass", 1)
            .writeTo(h, source, 0, i, 0, "test", Instant.now());
        String k = key == null ? "order-" + i : key;
        p.send(
                new ProducerRecord<>(
                    topic,
                    null,
                    k.getBytes(StandardCharsets.UTF_8),
                    ("{\"email\":\"jane.doe@example.com\",\"n\":" + i + "}")
                        .getBytes(StandardCharsets.UTF_8),
                    h))
            .get();
      }
    }
  }

  @Test
  void aSecondRunSkipsExactlyWhatTheFirstReplayedNotWhatItScanned() throws Exception {
    String dlq = kafka.createTopic(kafka.uniqueTopic("dlq"), 2);
    String source = kafka.createTopic(kafka.uniqueTopic("source"), 2);
    deadLetters(dlq, source, 0, 30, null);
    DeadLetterReplay replay = new DeadLetterReplay(client(), dlq);
    ReplaySelection klassMissing =
        new ReplaySelection(
            Set.of("klass-missing"), Set.of(), Set.of(), null, null, 0, Long.MAX_VALUE);

    DeadLetterReplay.Result dry = replay.run(klassMissing, true, r -> {});
    DeadLetterReplay.Result first = replay.run(klassMissing, false, r -> {});
    deadLetters(dlq, source, 30, 36, null);
    DeadLetterReplay.Result second = replay.run(klassMissing, false, r -> {});
    DeadLetterReplay.Result third = replay.run(klassMissing, false, r -> {});

    assertThat(dry).isEqualTo(new DeadLetterReplay.Result(30, 10, 0, 0, 0, 0, 0, 0));
    assertThat(first).isEqualTo(new DeadLetterReplay.Result(30, 10, 10, 0, 0, 0, 0, 0));
    assertThat(second).isEqualTo(new DeadLetterReplay.Result(6, 2, 2, 0, 10, 0, 0, 0));
    assertThat(third).isEqualTo(new DeadLetterReplay.Result(0, 0, 0, 0, 12, 0, 0, 0));
  }

  @Test
  void aDryRunListsNoEmailOrPhoneNumber(@TempDir Path dir) throws Exception {
    String dlq = kafka.createTopic(kafka.uniqueTopic("dlq"), 1);
    String source = kafka.createTopic(kafka.uniqueTopic("source"), 1);
    deadLetters(dlq, source, 0, 1, "email:jane.doe@example.com");
    deadLetters(dlq, source, 1, 2, "phone:+1 (555) 867-5309");
    deadLetters(dlq, source, 2, 3, "AB-1234");
    Properties p = new Properties();
    p.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    p.put("rules.dir", Path.of("..", "mapping-rules").toString());
    p.put("topics.dead-letters", dlq);
    Path config = dir.resolve("ingest.properties");
    try (Writer w = Files.newBufferedWriter(config)) {
      p.store(w, null);
    }

    CliRunner.Result r = CliRunner.run("replay", "--config", config.toString(), "--dry-run");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("key email:*******.com", "key phone:*******5309", "key AB-1234")
        .doesNotContain("jane", "example.com", "(555)", "867-5309")
        .contains("dry run: scanned 3 dead letters, 3 matched, 3 would be re-published");
    assertThat(r.err()).doesNotContain("jane", "example.com", "867-5309");

    // A selection that can only match nothing is refused, naming what is wrong.
    CliRunner.Result typo =
        CliRunner.run("replay", "--config", config.toString(), "--source-topic", source + "x");
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.err()).contains("--source-topic '" + source + "x' is not a topic on Kafka");
    CliRunner.Result both =
        CliRunner.run(
            "replay",
            "--config",
            config.toString(),
            "--dry-run",
            "--source-topic",
            source + "," + dlq);
    assertThat(both.exitCode()).isZero();
    assertThat(both.out()).contains("3 matched");
  }

  @Test
  void aDeadLetterThatTravelledWithoutItsValueIsReplayedFromItsOriginal() throws Exception {
    String dlq = kafka.createTopic(kafka.uniqueTopic("dlq"), 1);
    String source = kafka.createTopic(kafka.uniqueTopic("source"), 1);
    byte[] big = "{\"order_number\":\"BIG\"}".getBytes(StandardCharsets.UTF_8);
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(
            kafka.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
      RecordHeaders original = new RecordHeaders();
      original.add("trace", new byte[] {7});
      p.send(new ProducerRecord<>(source, 0, "BIG".getBytes(StandardCharsets.UTF_8), big, original))
          .get();
      DeadLetter why = DeadLetter.mapping("parse", "invalid-json", "", "too large to carry");
      for (long offset : new long[] {0, 99}) {
        // As the pipeline writes it when the value does not fit: no value, the source's place.
        ProducerRecord<byte[], byte[]> dl =
            DeadLetterRecords.build(
                dlq,
                "BIG".getBytes(StandardCharsets.UTF_8),
                big,
                original,
                why,
                new DeadLetterRecords.Source(source, 0, offset, 0),
                "test",
                Instant.now(),
                DeadLetterRecords.FRAMING + 200);
        assertThat(dl.value()).isNull();
        p.send(dl).get();
      }
    }

    DeadLetterReplay.Result r =
        new DeadLetterReplay(client(), dlq)
            .run(
                new ReplaySelection(Set.of(), Set.of(), Set.of(), null, null, 0, Long.MAX_VALUE),
                false,
                x -> {});

    assertThat(r.replayed()).isEqualTo(1);
    assertThat(r.originalsLost()).as("offset 99 was never there").isEqualTo(1);
    // Replay re-publishes to the source topic: the record after the original is the replayed one.
    org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> replayed =
        new SourceRecords(client()).read(source, 0, 1).orElseThrow();
    assertThat(replayed.value()).isEqualTo(big);
    assertThat(replayed.headers().lastHeader("trace").value()).isEqualTo(new byte[] {7});
    assertThat(replayed.headers().lastHeader(DeadLetterHeaders.REPLAY_ID)).isNotNull();
  }

  /**
   * A dead letter its source topic now refuses (its limit lowered since) stops the run there, with
   * the reason, and nothing after it is sent, however often the run is repeated; once the limit is
   * raised the rerun sends exactly the rest. (Found by a newcomer: the records behind a refused one
   * went out on every failing run.)
   */
  @Test
  void aRecordTheSourceRefusesStopsTheRunAndTheRerunResumesExactlyAtIt() throws Exception {
    String dlq = kafka.createTopic(kafka.uniqueTopic("dlq"), 1);
    String source = kafka.createTopic(kafka.uniqueTopic("source"), 1);
    String small =
        kafka.createTopic(kafka.uniqueTopic("small"), 1, Map.of("max.message.bytes", "2000"));
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(
            kafka.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < 4; i++) {
        RecordHeaders h = new RecordHeaders();
        new DeadLetter("kobject", "http-4xx", null, 400, "{}", "CallFailure", "no", 1)
            .writeTo(h, i == 1 ? small : source, 0, i, 0, "test", Instant.now());
        String note = i == 1 ? "x".repeat(5_000) : "small";
        // Sent together: the consumer reads all four in one poll.
        var unused =
            p.send(
                new ProducerRecord<>(
                    dlq,
                    null,
                    ("order-" + i).getBytes(StandardCharsets.UTF_8),
                    ("{\"note\":\"" + note + "\"}").getBytes(StandardCharsets.UTF_8),
                    h));
      }
      p.flush();
    }
    DeadLetterReplay replay = new DeadLetterReplay(client(), dlq);
    ReplaySelection all =
        new ReplaySelection(Set.of(), Set.of(), Set.of(), null, null, 0, Long.MAX_VALUE);

    for (int run = 0; run < 2; run++) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> replay.run(all, false, r -> {}))
          .hasMessageContaining("could not be re-published")
          .hasMessageContaining(dlq + "-0@1")
          .hasMessageContaining("max.message.bytes")
          .hasMessageContaining("a rerun resumes at it");
      assertThat(endOffset(source)).as("only the record before it, run " + run).isEqualTo(1);
    }

    org.apache.kafka.common.config.ConfigResource resource =
        new org.apache.kafka.common.config.ConfigResource(
            org.apache.kafka.common.config.ConfigResource.Type.TOPIC, small);
    kafka
        .admin()
        .incrementalAlterConfigs(
            Map.of(
                resource,
                java.util.List.of(
                    new org.apache.kafka.clients.admin.AlterConfigOp(
                        new org.apache.kafka.clients.admin.ConfigEntry(
                            "max.message.bytes", "5000000"),
                        org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET))))
        .all()
        .get();
    DeadLetterReplay.Result rerun = replay.run(all, false, r -> {});

    assertThat(rerun.alreadyReplayed()).isEqualTo(1);
    assertThat(rerun.replayed()).isEqualTo(3);
    assertThat(endOffset(source)).as("each once").isEqualTo(3);
    assertThat(endOffset(small)).isEqualTo(1);
  }
}
