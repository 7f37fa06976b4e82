package dev.kobjectingest.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class IngestCliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return IngestCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void helpListsTheCommandsAndExitsZero() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("emulator");
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
