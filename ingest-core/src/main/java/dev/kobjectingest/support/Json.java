package dev.kobjectingest.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * One Jackson configuration per purpose, shared (mappers are thread-safe once configured).
 * Untrusted payloads have their own, stricter reader ({@code mapping.Payloads}).
 */
public final class Json {
  /** Plain JSON: request bodies, Kustomer's answers, files the tools write. */
  public static final ObjectMapper PLAIN = new ObjectMapper();

  /**
   * The pipeline's own records (events, states, commands) on its topics: fields a newer version
   * adds are ignored by an older reader, so a rolling upgrade never stops on them.
   */
  public static final ObjectMapper RECORDS =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** For people: previews, golden expectations, benchmark reports. */
  public static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Rule files and golden test cases. */
  public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Json() {}
}
