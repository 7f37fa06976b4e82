package dev.kobjectingest.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The development command line: the product's commands and the tools, as users see them. */
class ToolsCliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ToolsCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void helpListsTheCommandsAndExitsZero() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("run", "replay", "backfill", "topics", "rules", "demo", "sandbox", "emulator");
  }

  /**
   * picocli formats descriptions (a bare % is a format error it reports on System.err), and the
   * command list shows each command's first description line: it must be a whole sentence.
   */
  @Test
  void topLevelHelpHasNoWarningAndWholeSentences() {
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    String help;
    try {
      assertThat(run("--help")).isZero();
      help = out.toString();
      assertThat(run("generate", "--help")).isZero();
      assertThat(run("bench", "--help")).isZero();
    } finally {
      System.setErr(stderr);
    }
    assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("picocli WARN");
    assertThat(out.toString()).contains("~1% invalid");
    String commands = help.substring(help.indexOf("Commands:"));
    // Each entry of the list (a name, then its description, wrapped) ends a sentence.
    java.util.List<String> entries = new java.util.ArrayList<>();
    for (String line : commands.lines().skip(1).toList()) {
      if (line.matches("^  [a-z].*")) {
        entries.add(line.strip());
      } else if (!entries.isEmpty() && !line.isBlank()) {
        entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.strip());
      }
    }
    assertThat(entries).hasSizeGreaterThan(5);
    for (String entry : entries) {
      assertThat(entry).as(entry).endsWith(".");
    }
  }

  @Test
  void eachCommandExplainsItself() {
    assertThat(run("emulator", "--help")).isZero();
    assertThat(out.toString()).contains("--port", "--api-key", "--rate-limit", "--faults");
  }

  @Test
  void topicsExplainsItsOptions() {
    assertThat(run("topics", "--help")).isZero();
    assertThat(out.toString()).contains("--config", "--create", "--dry-run", "internal");
  }

  @Test
  void badUsageExitsNonZeroWithOneLineOnStderr() {
    assertThat(run("emulator", "--port", "not-a-port")).isEqualTo(2);
    assertThat(err.toString().strip()).startsWith("error: ").doesNotContain("\n");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void anInvalidFaultSpecIsAOneLineError() {
    assertThat(run("emulator", "--port", "0", "--faults", "teapot=1")).isEqualTo(1);
    assertThat(err.toString().strip())
        .startsWith("error: unknown fault 'teapot'")
        .doesNotContain("\n");
  }

  @Test
  void anUnknownCommandIsRefused() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err.toString()).contains("frobnicate");
  }

  @Test
  void versionComesFromTheBuild() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("kobject-ingest ");
  }
}
