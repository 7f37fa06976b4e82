package dev.kobjectingest.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** The packaged pipeline ({@code java -jar ingest-app.jar run}) as its own process. */
final class PipelineProcess {
  private PipelineProcess() {}

  /** Starts {@code run --config config}, its output in {@code log}. */
  static Process start(Path config, String apiKey, Path log) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Path.of("target", "ingest-app.jar").toString(),
                "run",
                "--config",
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // The key travels in the environment, as in production: never on a command line that ps would
    // show.
    pb.environment().put("KUSTOMER_API_KEY", apiKey);
    return pb.start();
  }

  /** As {@link #start(Path, String, Path)}, logging to a temporary file. */
  static Process start(Path config, String apiKey) throws Exception {
    return start(config, apiKey, Files.createTempFile("pipeline", ".log"));
  }
}
