package dev.kobjectingest.topology;

import java.util.List;

/**
 * The dead-letter reasons of records that fail inside the topology for what they hold rather than
 * for what the rules say (those are {@link dev.kobjectingest.mapping.MappingException.Reason}).
 * Replay selects by these codes, so a code never changes once written.
 */
public final class TopologyReasons {
  /** A mapped event, order state or command larger than a record may be. */
  public static final String TOO_LARGE = "too-large";

  /** A processor failed on the record (a bug of ours, logged with its stack trace). */
  public static final String PROCESSING_ERROR = "processing-error";

  /** The record could not be written to an internal topic or store. */
  public static final String SERIALIZATION_ERROR = "serialization-error";

  /** The producer refused the record for another reason. */
  public static final String INVALID_RECORD = "invalid-record";

  public static final List<String> ALL =
      List.of(TOO_LARGE, PROCESSING_ERROR, SERIALIZATION_ERROR, INVALID_RECORD);

  /** The stages inside the topology, beside {@code parse} and {@code map}. */
  public static final String STAGE_STATE = TopologyFailures.STAGE_STATE;

  public static final String STAGE_COMMAND = TopologyFailures.STAGE_COMMAND;

  private TopologyReasons() {}
}
