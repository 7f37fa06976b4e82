package dev.kobjectingest.sink;

import dev.kobjectingest.support.RocksMemory;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;

/**
 * The sink's two id tables (customer ids, sink ids), each a compacted topic loaded into a local
 * table on the process's RocksDB pool and closed with the sink, and the meters of what they keep.
 */
record SinkTables(CompactedTable customerIds, CompactedTable sinkIds, MemoryMeters memory) {
  static SinkTables load(
      IngestSink sink,
      SinkSettings.Topics topics,
      Map<String, String> kafka,
      Producer<String, String> producer,
      SinkSettings.LocalTables local,
      Clock clock) {
    RocksMemory rocks = RocksMemory.shared(local.rocksBytes());
    CompactedTable customerIds =
        table(sink, topics.customerIds(), kafka, producer, local, rocks, clock);
    CompactedTable sinkIds = table(sink, topics.sinkIds(), kafka, producer, local, rocks, clock);
    MemoryMeters memory =
        new MemoryMeters(rocks)
            .table("customer-ids", customerIds.entries())
            .table("sink-ids", sinkIds.entries());
    return new SinkTables(customerIds, sinkIds, memory);
  }

  private static CompactedTable table(
      IngestSink sink,
      String topic,
      Map<String, String> kafka,
      Producer<String, String> producer,
      SinkSettings.LocalTables local,
      RocksMemory rocks,
      Clock clock) {
    DiskEntries entries = DiskEntries.open(local.dir(), topic, rocks, local.cacheEntries());
    return sink.own(CompactedTable.load(topic, kafka, producer, entries, clock));
  }
}
