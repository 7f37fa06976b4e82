package dev.kobjectingest.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The product's command line: what the image that runs the pipeline offers, and nothing more. */
class IngestCliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return IngestCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void theProductOffersThePipelineAndItsOperatorToolsOnly() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("run", "replay", "backfill", "topics", "rules");
    assertThat(out.toString()).doesNotContain("demo", "sandbox", "emulator", "bench");
  }

  @Test
  void aDevelopmentCommandIsUnknownHere() {
    assertThat(run("demo")).isEqualTo(2);
    assertThat(err.toString().strip()).startsWith("error: ").contains("demo");
  }

  /** A misspelt reason or stage would match nothing and "replay 0": refused before Kafka. */
  @Test
  void replayRefusesAReasonOrStageThePipelineNeverWrites() {
    assertThat(run("replay", "--reason", "http-5xx")).isEqualTo(2);
    assertThat(err.toString().strip())
        .startsWith("error: --reason 'http-5xx'")
        .contains("invalid-json", "too-large", "http-4xx", "customer-dead-lettered");
    assertThat(run("replay", "--stage", "sink")).isEqualTo(2);
    assertThat(err.toString())
        .contains("--stage 'sink'", "parse, map, state, command, customer, kobject");
  }

  @Test
  void everyReasonIsKnownOnce() {
    assertThat(ReplayCommand.REASONS).doesNotHaveDuplicates().hasSize(14);
  }
}
