package dev.kobjectingest.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar ({@code java -jar target/ingest-app.jar ...}) as an operator runs it: its own
 * process, its own environment (the API key there, never on the command line), stdout and stderr
 * kept apart.
 */
final class PackagedCli {
  /** A finished command. */
  record Result(int exitCode, String out, String err, double seconds) {
    /** Everything it printed. */
    String all() {
      return out + err;
    }
  }

  /** A command still running, e.g. {@code run}. */
  record Running(Process process, Path out, Path err) {
    String output() throws IOException {
      return Files.readString(out, StandardCharsets.UTF_8)
          + Files.readString(err, StandardCharsets.UTF_8);
    }

    /** SIGTERM, as docker stop sends, and waits for the shutdown hooks. */
    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private PackagedCli() {}

  private static ProcessBuilder builder(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(Path.of("target", "ingest-app.jar").toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    // A clean slate: the test JVM's own INGEST_* variables must not change what is measured.
    pb.environment().keySet().removeIf(k -> k.startsWith("INGEST_") || k.startsWith("KUSTOMER_"));
    pb.environment().putAll(env);
    return pb;
  }

  static Running start(Path dir, Map<String, String> env, String... args) throws IOException {
    Path out = Files.createTempFile(dir, "out", ".log");
    Path err = Files.createTempFile(dir, "err", ".log");
    Process p = builder(env, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new Running(p, out, err);
  }

  /** Runs a command to its end (at most two minutes). */
  static Result run(Path dir, Map<String, String> env, String... args) throws Exception {
    long start = System.nanoTime();
    Running r = start(dir, env, args);
    if (!r.process().waitFor(2, TimeUnit.MINUTES)) {
      r.process().destroyForcibly();
      throw new AssertionError(String.join(" ", args) + " did not end: " + r.output());
    }
    return new Result(
        r.process().exitValue(),
        Files.readString(r.out(), StandardCharsets.UTF_8),
        Files.readString(r.err(), StandardCharsets.UTF_8),
        (System.nanoTime() - start) / 1e9);
  }
}
