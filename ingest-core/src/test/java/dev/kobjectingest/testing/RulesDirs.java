package dev.kobjectingest.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Rule directories for tests that share one broker: each test reads its own raw topics. */
public final class RulesDirs {
  private RulesDirs() {}

  /**
   * Copies the rule files of {@code from} to {@code to}, each topic prefixed {@code namespace.}.
   */
  public static Path namespaced(Path from, Path to, String namespace) throws IOException {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        String text =
            Files.readString(f).replaceFirst("(?m)^topic: (\\S+)$", "topic: " + namespace + ".$1");
        Files.writeString(to.resolve(f.getFileName()), text);
      }
    }
    return to;
  }
}
