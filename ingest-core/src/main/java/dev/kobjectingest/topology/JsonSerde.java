package dev.kobjectingest.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kobjectingest.support.Json;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON serde for the topology's own types (events, state, commands): readable on the wire,
 * versioned by schema fields.
 */
public final class JsonSerde {
  static final ObjectMapper MAPPER = Json.RECORDS;

  private JsonSerde() {}

  public static <T> Serde<T> of(Class<T> type) {
    return of(type, Integer.MAX_VALUE);
  }

  /**
   * As {@link #of(Class)}, refusing to write a value larger than {@code maxBytes} with an {@link
   * OversizedRecordException}.
   */
  public static <T> Serde<T> of(Class<T> type, int maxBytes) {
    Serializer<T> ser =
        (topic, value) -> {
          if (value == null) {
            return null;
          }
          byte[] bytes;
          try {
            bytes = MAPPER.writeValueAsBytes(value);
          } catch (IOException e) {
            throw new SerializationException("cannot write " + type.getSimpleName(), e);
          }
          if (bytes.length > maxBytes) {
            throw new OversizedRecordException(type.getSimpleName(), bytes.length, maxBytes);
          }
          return bytes;
        };
    Deserializer<T> de =
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          try {
            return MAPPER.readValue(bytes, type);
          } catch (IOException e) {
            throw new SerializationException(
                "cannot read " + type.getSimpleName() + " from " + topic, e);
          }
        };
    return Serdes.serdeFrom(ser, de);
  }
}
