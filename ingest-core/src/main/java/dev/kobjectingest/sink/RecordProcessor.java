package dev.kobjectingest.sink;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What a {@link CommandLoop} does with each record, on a worker thread. */
interface RecordProcessor {
  /** What became of a record, as far as its offset is concerned. */
  enum Verdict {
    /** Applied or dead-lettered: its offset may be committed. */
    FINISHED,
    /** Left undone (the sink is stopping, a dead letter could not be written): delivered again. */
    UNFINISHED,
    /** The sink cannot go on (Kustomer refused the key): the loop stops. */
    FATAL
  }

  Verdict process(ConsumerRecord<byte[], byte[]> record);

  /**
   * The record's place among its key's records: a queued record is superseded by a later one with a
   * sequence at least as high (coalescing).
   */
  long sequence(ConsumerRecord<byte[], byte[]> record);

  /** Partitions were assigned: catch up with what their previous owner wrote. */
  void partitionsAssigned();
}
