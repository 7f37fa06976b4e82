package dev.kobjectingest.topology;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record the topology would write is larger than its topics carry. Thrown by the serializer,
 * before the producer sees the record: under exactly-once, a producer that refuses a record as too
 * large fails the whole transaction, which Streams would retry forever with the same record. A
 * serialization error instead reaches the exception handler, which dead-letters the input record.
 */
public final class OversizedRecordException extends SerializationException {
  private static final long serialVersionUID = 1L;

  OversizedRecordException(String type, int bytes, int max) {
    super(type + " is " + bytes + " bytes, over the " + max + " the pipeline's topics carry");
  }
}
