package dev.kobjectingest.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/**
 * A failure while running (here: the third look finds a sink loop dead) closes the pipeline first
 * and then ends the command with exit code 1 and one {@code error:} line; a stop asked for ends it
 * with 0 and closes nothing itself (the shutdown hook does).
 */
class StopOrFailureTest {
  private final CountDownLatch stop = new CountDownLatch(1);
  private final List<String> events = new ArrayList<>();

  @Test
  void aFailureClosesThePipelineThenExitsOneWithOneErrorLine() {
    AtomicInteger looks = new AtomicInteger();
    StopOrFailure watch =
        new StopOrFailure(
            stop,
            () ->
                looks.incrementAndGet() < 3
                    ? null
                    : "the sink stopped: the orders consumer (thread sink-kobject) died:"
                        + " IllegalStateException: boom",
            Duration.ofMillis(1));

    StringWriter err = new StringWriter();
    int rc =
        IngestCli.run(
            new String[] {"fake-run"},
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            List.of(new FakeRun(watch, events)));

    assertThat(rc).isEqualTo(1);
    assertThat(events).containsExactly("closed");
    assertThat(err.toString().lines().toList())
        .containsExactly(
            "error: the sink stopped: the orders consumer (thread sink-kobject) died:"
                + " IllegalStateException: boom");
  }

  @Test
  void aStopAskedForReturnsWithoutAFailure() throws Exception {
    stop.countDown();
    new StopOrFailure(stop, () -> "never looked at", Duration.ofMillis(1))
        .await(() -> events.add("closed"));
    assertThat(events).isEmpty();
  }

  /** {@code run}'s ending without a pipeline. */
  @Command(name = "fake-run")
  private static final class FakeRun implements Callable<Integer> {
    private final StopOrFailure watch;
    private final List<String> events;

    FakeRun(StopOrFailure watch, List<String> events) {
      this.watch = watch;
      this.events = events;
    }

    @Override
    public Integer call() throws InterruptedException {
      watch.await(() -> events.add("closed"));
      return 0;
    }
  }
}
