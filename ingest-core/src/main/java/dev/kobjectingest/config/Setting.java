package dev.kobjectingest.config;

/**
 * One configuration option: its key, its default (null when required), and what it does. The list
 * in {@link IngestConfig#SETTINGS} is the single source for loading, validation and the
 * documentation.
 */
public record Setting(String key, String defaultValue, String doc) {
  /**
   * The environment variable that overrides it: {@code INGEST_} and the key in upper case, {@code
   * .-} as {@code _}.
   */
  public String envName() {
    return envNameOf(key);
  }

  /** The environment variable of any key, {@code kafka.*} passthrough keys included. */
  public static String envNameOf(String key) {
    return "INGEST_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
