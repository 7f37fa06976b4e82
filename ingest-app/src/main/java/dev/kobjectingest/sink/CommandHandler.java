package dev.kobjectingest.sink;

import java.util.function.IntSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Applies one command record to Kustomer; idempotent, so a retry or a redelivery is harmless. */
interface CommandHandler {
  /**
   * Applies the record ({@code previous}: the failure of the last attempt, null on the first);
   * returns the Kafka timestamp of the source event behind it (epoch millis), for end-to-end
   * latency.
   */
  long handle(ConsumerRecord<byte[], byte[]> record, CallFailure previous)
      throws CallFailure, InterruptedException, InvalidCommand;

  /**
   * Tells the handler how many records its topic holds unfinished (read, not yet applied): the
   * backlog from which writes go in bulk.
   */
  default void bind(IntSupplier backlog) {}

  /** Called when the sink is assigned partitions: catch up with what their previous owner wrote. */
  default void partitionsAssigned() {}

  /**
   * The order of this record among its key's records (an order command's change count), for
   * coalescing.
   */
  long sequence(ConsumerRecord<byte[], byte[]> record);

  /** A record that is not a command this sink understands. */
  final class InvalidCommand extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidCommand(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
