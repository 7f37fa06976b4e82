package dev.kobjectingest.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs a command line in-process and captures what it prints, for tests outside this package. */
public final class CliRunner {
  /** The exit code and everything printed. */
  public record Result(int exitCode, String out, String err) {}

  private CliRunner() {}

  public static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = IngestCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(rc, out.toString(), err.toString());
  }
}
