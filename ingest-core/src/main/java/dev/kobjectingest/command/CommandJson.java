package dev.kobjectingest.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kobjectingest.support.Json;
import java.io.IOException;

/**
 * The commands' wire format, JSON, for whoever reads or writes them without Kafka's serdes (the
 * sink). Unknown fields are ignored, so a newer writer's additions never break an older reader.
 */
public final class CommandJson {
  private static final ObjectMapper MAPPER = Json.RECORDS;

  private CommandJson() {}

  /** Reads a command of {@code type}; null for null bytes (a tombstone). */
  public static <T> T read(byte[] bytes, Class<T> type) throws IOException {
    return bytes == null ? null : MAPPER.readValue(bytes, type);
  }

  public static byte[] write(Object command) throws IOException {
    return MAPPER.writeValueAsBytes(command);
  }
}
