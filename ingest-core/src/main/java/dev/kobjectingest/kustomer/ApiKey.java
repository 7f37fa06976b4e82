package dev.kobjectingest.kustomer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Kustomer API key. Read from the environment or a file, never from a command-line argument
 * ({@code ps} would show it); its {@link #toString()} never reveals it, so it cannot leak through a
 * log line, an exception message or a dead-letter header by accident.
 */
public final class ApiKey {
  public static final String ENV = "KUSTOMER_API_KEY";

  private final String value;

  private ApiKey(String value) {
    this.value = value;
  }

  public static ApiKey of(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("the Kustomer API key is empty");
    }
    return new ApiKey(value.strip());
  }

  /** From {@code file} when given, else from {@code KUSTOMER_API_KEY}. */
  public static ApiKey load(Map<String, String> env, Path file) {
    if (file != null) {
      try {
        String v = Files.readString(file, StandardCharsets.UTF_8);
        if (v.isBlank()) {
          throw new IllegalArgumentException(
              "the API key file " + file + " (kustomer.api-key-file) is empty");
        }
        return of(v);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read the API key file " + file + ": " + e.getClass().getSimpleName(), e);
      }
    }
    String v = env.get(ENV);
    if (v == null) {
      throw new IllegalArgumentException(
          "no Kustomer API key: set " + ENV + " or kustomer.api-key-file");
    }
    return of(v);
  }

  String bearer() {
    return "Bearer " + value;
  }

  @Override
  public String toString() {
    return "ApiKey(****)";
  }
}
