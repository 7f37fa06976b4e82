package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kobjectingest.support.RocksMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The id store's table: the compacted topic read to its end, followed, and written through. */
class CompactedTableTest {
  private static final String TOPIC = "ingest.sink-ids";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

  private final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
  private final MockProducer<String, String> producer =
      new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
  private CompactedTable table;
  @TempDir Path dir;

  @BeforeEach
  void start() {
    consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
    consumer.updateBeginningOffsets(Map.of(TP, 0L));
    consumer.updateEndOffsets(Map.of(TP, 0L));
    table =
        new CompactedTable(
            TOPIC,
            consumer,
            producer,
            DiskEntries.open(dir, TOPIC, RocksMemory.shared(16L << 20), 100));
  }

  @AfterEach
  void stop() {
    table.close();
  }

  @Test
  void catchingUpReadsEverythingWrittenBeforeAndFollowsDeletes() {
    append(0, "order/order/1", "a|1");
    append(1, "order/order/2", "b|1");
    append(2, "order/order/1", null);

    table.catchUp();

    assertThat(table.get("order/order/1")).isNull();
    assertThat(table.get("order/order/2")).isEqualTo("b|1");
    assertThat(table.isEmpty()).isFalse();
  }

  @Test
  void aWriteIsReadableAtOnceAndNotUndoneByAnOlderRecordReadLater() throws Exception {
    for (int i = 0; i < 3; i++) {
      var unused =
          producer.send(new ProducerRecord<>(TOPIC, "other", "x")); // the topic moved on elsewhere
    }

    table.put("order/order/1", "c|2"); // lands at offset 3
    assertThat(table.get("order/order/1")).isEqualTo("c|2");

    append(1, "order/order/1", "a|1"); // an older value, read after the write
    table.catchUp();

    assertThat(table.get("order/order/1")).isEqualTo("c|2");
  }

  @Test
  void aRecordTheFailingDiskCouldNotTakeIsReadAgainNotSkipped() throws Exception {
    breakDisk();

    append(0, "order/order/1", "a|1");
    Thread.sleep(1500); // the follower polls every 200 ms, then waits 1 s after a failure

    // Read (the position moved to 1) and put back: skipped, its id would be missing for good.
    assertThat(consumer.position(TP)).isZero();
  }

  /** The table's directory becomes a file, and writes go on until a flush fails because of it. */
  private void breakDisk() throws Exception {
    Path tableDir;
    try (Stream<Path> s = Files.list(dir)) {
      tableDir = s.findFirst().orElseThrow();
    }
    try (Stream<Path> s = Files.walk(tableDir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    Files.writeString(tableDir, "not a directory");
    String value = "x".repeat(1000);
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 100_000; i++) {
                table.entries().apply("filler/" + i, value, 1, i);
              }
            })
        .isInstanceOf(LocalStorageException.class);
  }

  private void append(long offset, String key, String value) {
    consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, offset, key, value));
    consumer.updateEndOffsets(Map.of(TP, offset + 1));
  }
}
