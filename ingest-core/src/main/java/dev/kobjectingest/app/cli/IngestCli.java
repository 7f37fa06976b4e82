package dev.kobjectingest.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kobject-ingest} command line of the product: {@code java -jar kobject-ingest.jar
 * <command>} runs the pipeline and its operator tools. The development jar ({@code ingest-app.jar})
 * is the same command line with the sandbox, the demo, the emulator and the benchmarks added. The
 * only class (with that jar's entry point) that may print to stdout/stderr and choose the process
 * exit code; every command reports through picocli.
 */
@Command(
    name = "kobject-ingest",
    mixinStandardHelpOptions = true,
    versionProvider = IngestCli.Version.class,
    description = "Keeps e-commerce orders from Kafka in Kustomer as KObjects.",
    subcommands = {
      RunCommand.class,
      ReplayCommand.class,
      BackfillCommand.class,
      TopicsCommand.class,
      RulesCommand.class
    })
public final class IngestCli {

  private IngestCli() {}

  public static void main(String[] args) {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(run(args, out, err));
  }

  /** Runs a command line and returns its exit code; the entry point tests use. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, List.of());
  }

  /**
   * As {@link #run(String[], PrintWriter, PrintWriter)}, with more commands (the development
   * tools), each a picocli {@code @Command}.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err, List<Object> more) {
    CommandLine cli = new CommandLine(new IngestCli());
    more.forEach(cli::addSubcommand);
    cli.addSubcommand(new CommandLine.HelpCommand());
    cli.setOut(out);
    cli.setErr(err);
    // Bad usage and failures end with one line on stderr (docs/design.md 5.1), not a stack trace.
    cli.setParameterExceptionHandler(
        (ex, argv) -> {
          err.println("error: " + ex.getMessage() + " (try --help)");
          return CommandLine.ExitCode.USAGE;
        });
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          // The trace is for developers (INGEST_LOG_LEVEL=DEBUG); users get one line.
          LoggerFactory.getLogger(IngestCli.class).debug("command failed", ex);
          err.println("error: " + oneLine(ex));
          return CommandLine.ExitCode.SOFTWARE;
        });
    return cli.execute(args);
  }

  private static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getMessage() == null) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.replace('\n', ' ');
  }

  /** The version filtered into the jar at build time. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"kobject-ingest " + version()};
    }
  }

  /** The version filtered into the jar at build time ({@code dev} outside a build). */
  public static String version() {
    try (InputStream in =
        IngestCli.class.getResourceAsStream("/kobject-ingest-version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
