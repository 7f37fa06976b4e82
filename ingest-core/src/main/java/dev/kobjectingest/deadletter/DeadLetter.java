package dev.kobjectingest.deadletter;

import java.time.Instant;
import org.apache.kafka.common.header.Headers;

/**
 * Why one record is dead: the stage, the reason class, and the details. {@link #writeTo} adds the
 * contract headers to the original record's headers.
 */
public record DeadLetter(
    String stage,
    String reason,
    String field,
    Integer httpStatus,
    String errorBody,
    String exceptionClass,
    String exceptionMessage,
    int attempts) {

  /** A failure of the mapping stage. */
  public static DeadLetter mapping(String stage, String reason, String field, String message) {
    return new DeadLetter(stage, reason, field, null, null, "MappingException", message, 1);
  }

  /**
   * Adds the dead-letter headers for a record read from {@code topic}/{@code partition} at {@code
   * offset}.
   */
  public void writeTo(
      Headers headers,
      String topic,
      int partition,
      long offset,
      long timestamp,
      String appVersion,
      Instant now) {
    DeadLetterHeaders.put(headers, DeadLetterHeaders.CONTRACT_VERSION, "1");
    DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE_TOPIC, topic);
    DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE_PARTITION, String.valueOf(partition));
    DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE_OFFSET, String.valueOf(offset));
    DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE_TIMESTAMP, String.valueOf(timestamp));
    DeadLetterHeaders.put(headers, DeadLetterHeaders.STAGE, stage);
    DeadLetterHeaders.put(headers, DeadLetterHeaders.REASON, reason);
    if (field != null && !field.isEmpty()) {
      DeadLetterHeaders.put(headers, DeadLetterHeaders.FIELD, field);
    }
    if (httpStatus != null) {
      DeadLetterHeaders.put(headers, DeadLetterHeaders.HTTP_STATUS, String.valueOf(httpStatus));
    }
    if (errorBody != null) {
      DeadLetterHeaders.put(headers, DeadLetterHeaders.ERROR_BODY, errorBody);
    }
    if (exceptionClass != null) {
      DeadLetterHeaders.put(headers, DeadLetterHeaders.EXCEPTION_CLASS, exceptionClass);
    }
    if (exceptionMessage != null) {
      DeadLetterHeaders.put(headers, DeadLetterHeaders.EXCEPTION_MESSAGE, exceptionMessage);
    }
    DeadLetterHeaders.put(headers, DeadLetterHeaders.ATTEMPTS, String.valueOf(attempts));
    DeadLetterHeaders.put(headers, DeadLetterHeaders.APP_VERSION, appVersion);
    DeadLetterHeaders.put(headers, DeadLetterHeaders.DEAD_LETTERED_AT, now.toString());
  }
}
