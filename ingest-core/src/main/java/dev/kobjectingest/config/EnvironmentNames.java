package dev.kobjectingest.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which {@code INGEST_*} environment variables the pipeline reads, so a misspelt one is refused
 * like a misspelt key in the file instead of silently doing nothing.
 *
 * <p>Two kinds of {@code INGEST_*} names are not settings and pass: {@link #NOT_SETTINGS} (read by
 * the logging configuration and by this project's CI), and the service links Kubernetes injects for
 * every Service in the namespace (a Service named {@code ingest} gives every pod {@code
 * INGEST_SERVICE_HOST}, {@code INGEST_PORT_8080_TCP}, ...), which no operator typed.
 */
final class EnvironmentNames {
  static final String PREFIX = "INGEST_";

  /**
   * {@code INGEST_LOG_LEVEL}: logback.xml's level for the pipeline's own loggers. {@code
   * INGEST_REQUIRE_OPS_TOOLS}: CI turns skipped promtool checks into failures; every process CI
   * starts inherits it, the packaged jar run by end-to-end tests included.
   */
  static final Set<String> NOT_SETTINGS = Set.of("INGEST_LOG_LEVEL", "INGEST_REQUIRE_OPS_TOOLS");

  private static final Pattern SERVICE_LINK =
      Pattern.compile(
          "_SERVICE_HOST$|_SERVICE_PORT(_[A-Z0-9_]+)?$|_PORT_\\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?$");
  private static final Pattern SERVICE_LINK_URL = Pattern.compile("^(tcp|udp|sctp)://.*");

  private EnvironmentNames() {}

  /** True for a Kubernetes service-link variable, which is not meant for the pipeline. */
  static boolean isServiceLink(String name, String value) {
    return SERVICE_LINK.matcher(name).find()
        || (name.endsWith("_PORT") && value != null && SERVICE_LINK_URL.matcher(value).matches());
  }

  /** The candidate closest to {@code name}, when it is close enough to be a likely misspelling. */
  static Optional<String> nearest(String name, Collection<String> candidates) {
    return candidates.stream()
        .min(Comparator.comparingInt((String c) -> distance(name, c)).thenComparing(c -> c))
        .filter(c -> distance(name, c) <= Math.max(2, name.length() / 4));
  }

  /** Levenshtein distance; names are short, so the quadratic table is fine. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(substitute, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
