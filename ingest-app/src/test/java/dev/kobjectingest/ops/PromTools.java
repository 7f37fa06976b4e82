package dev.kobjectingest.ops;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Prometheus tools (Debian's {@code prometheus} package: {@code promtool}, {@code
 * prometheus}) and docker-compose, found on the PATH. The README's test command needs only a JDK,
 * so a machine without them skips these checks; CI installs them and sets {@code
 * INGEST_REQUIRE_OPS_TOOLS=true}, which turns a missing tool into a failure instead.
 */
public final class PromTools {
  private PromTools() {}

  public static Path require(String tool) {
    Optional<Path> found = find(tool);
    if (found.isEmpty()) {
      if (Boolean.parseBoolean(System.getenv("INGEST_REQUIRE_OPS_TOOLS"))) {
        fail(tool + " is required (INGEST_REQUIRE_OPS_TOOLS=true) but not on the PATH");
      }
      Assumptions.abort(tool + " is not installed (apt-get install prometheus docker-compose)");
    }
    return found.get();
  }

  static Optional<Path> find(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator, -1)) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** A finished command: exit code and everything it printed. */
  public record Run(int exit, String output) {}

  public static Run run(List<String> command, Path dir, String stdin)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("tool", ".out");
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.redirectOutput(out.toFile());
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail(command + " did not finish in 2 minutes");
    }
    String text = Files.readString(out);
    Files.delete(out);
    return new Run(p.exitValue(), text);
  }
}
