package dev.kobjectingest.sink;

import dev.kobjectingest.mapping.Origin;
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
      throws CallFailure, InterruptedException, InvalidCommand, CustomerUnavailable;

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

  /**
   * Called once the record's dead letter is written, before its offset may be committed: what the
   * record stood for is given up, and whatever waits on it must learn so.
   */
  default void deadLettered(ConsumerRecord<byte[], byte[]> record, SinkReason reason)
      throws InterruptedException {}

  /**
   * The raw record to replay instead of this one when it is dead-lettered for {@code reason}, or
   * null: a record whose failure a fixed rule may cure points back to the raw event it came from.
   */
  default Origin origin(ConsumerRecord<byte[], byte[]> record, SinkReason reason) {
    return null;
  }

  /**
   * An order whose customer was given up (its command dead-lettered): the order is dead-lettered
   * too, never left waiting, and replaying either dead letter asks for the customer again.
   */
  final class CustomerUnavailable extends Exception {
    private static final long serialVersionUID = 1L;

    CustomerUnavailable(String customerReason) {
      super(
          "its customer's command was dead-lettered ("
              + customerReason
              + "); replay the customer's dead letter, or this one, once the cause is fixed",
          null,
          false,
          false);
    }
  }

  /** A record that is not a command this sink understands. */
  final class InvalidCommand extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidCommand(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
