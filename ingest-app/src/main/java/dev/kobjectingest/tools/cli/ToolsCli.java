package dev.kobjectingest.tools.cli;

import dev.kobjectingest.app.cli.IngestCli;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The development jar's command line ({@code java -jar ingest-app/target/ingest-app.jar}): the
 * product's commands plus the sandbox, the demo, the emulator, the generator and the benchmarks,
 * which need an in-process broker and the emulator that the product jar does not carry.
 */
public final class ToolsCli {
  private ToolsCli() {}

  public static void main(String[] args) {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(run(args, out, err));
  }

  /** Runs a command line and returns its exit code; the entry point tests use. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return IngestCli.run(args, out, err, commands());
  }

  /** The development commands, in the order {@code --help} lists them. */
  static List<Object> commands() {
    return List.of(
        new DemoCommand(),
        new SandboxCommand(),
        new EmulatorCommand(),
        new GenerateCommand(),
        new BenchCommand());
  }
}
