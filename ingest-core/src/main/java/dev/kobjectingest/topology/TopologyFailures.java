package dev.kobjectingest.topology;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * Which failures inside the topology belong to one record (it becomes a dead letter and the
 * partition moves on) and which belong to the infrastructure (the task fails, Streams retries it,
 * and the stream-thread policy stops the instance if it keeps failing). Pure; table-tested.
 */
final class TopologyFailures {
  static final String STAGE_MAP = "map";
  static final String STAGE_STATE = "state";
  static final String STAGE_COMMAND = "command";

  private TopologyFailures() {}

  /**
   * A record's own failure: anything our processors throw about what a record holds, and the
   * producer's refusals of one record (too large, invalid, not serializable). Kafka's and Streams'
   * other exceptions (a broker gone, a fenced producer, an authorization error, a state store that
   * cannot be written) are the infrastructure's.
   */
  static boolean isRecordFailure(Exception e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      // A state store wraps its serializer's refusal.
      if (cause instanceof SerializationException) {
        return true;
      }
    }
    if (e instanceof SerializationException
        || e instanceof RecordTooLargeException
        || e instanceof RecordBatchTooLargeException
        || e instanceof InvalidRecordException
        || e instanceof CorruptRecordException) {
      return true;
    }
    return !(e instanceof KafkaException) && !(e instanceof StreamsException);
  }

  /** The dead-letter reason of a record a processor failed on. */
  static String processingReason(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OversizedRecordException) {
        return TopologyReasons.TOO_LARGE;
      }
    }
    return TopologyReasons.PROCESSING_ERROR;
  }

  /** The dead-letter reason of a record the producer refused. */
  static String productionReason(Exception e) {
    if (e instanceof OversizedRecordException
        || e instanceof RecordTooLargeException
        || e instanceof RecordBatchTooLargeException) {
      return TopologyReasons.TOO_LARGE;
    }
    if (e instanceof SerializationException) {
      return TopologyReasons.SERIALIZATION_ERROR;
    }
    return TopologyReasons.INVALID_RECORD;
  }

  /**
   * The stage of the processor a failure happened in, from the names {@link IngestTopology} gives
   * its processors; Streams' own internal processors (the foreign-key join's) build commands.
   */
  static String stage(String processorNodeId) {
    String node = processorNodeId == null ? "" : processorNodeId;
    if (node.startsWith("source-")
        || node.startsWith("map-")
        || node.startsWith("route-")
        || node.startsWith("by-order-")
        || node.startsWith("merge-")
        || node.startsWith("dead-letter")
        || node.startsWith("order-events-repartition-sink")) {
      return STAGE_MAP;
    }
    if (node.startsWith("order-events") || node.startsWith("order-state")) {
      return STAGE_STATE;
    }
    return STAGE_COMMAND;
  }
}
