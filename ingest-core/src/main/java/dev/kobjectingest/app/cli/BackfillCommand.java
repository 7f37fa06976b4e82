package dev.kobjectingest.app.cli;

import dev.kobjectingest.backfill.Backfill;
import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.support.CheckFailed;
import dev.kobjectingest.topics.PipelineTopic;
import dev.kobjectingest.topics.PipelineTopics;
import dev.kobjectingest.topics.TopicAdmin;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backfill}: load historical payloads through the same pipeline. */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
      "Publish historical payloads (JSON lines, optionally .gz) to a raw topic at a bounded rate, with progress.",
      "Interrupted and rerun, it resumes after the last acknowledged line (FILE.TOPIC.checkpoint).",
      "A topic that does not exist stops it at once (`topics --create` creates the rules' topics)."
    })
final class BackfillCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--file", required = true, description = "JSON lines file (.gz read as gzip).")
  Path file;

  @Option(
      names = "--topic",
      required = true,
      description = "Raw topic to publish to, e.g. orders.raw.")
  String topic;

  @Option(
      names = "--rate",
      defaultValue = "500",
      description = "Records per second at most. Default: ${DEFAULT-VALUE}.")
  int rate;

  @Option(names = "--config", description = "The pipeline's properties file (for Kafka settings).")
  Path config;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + " is not a file");
    }
    IngestConfig c = IngestConfig.load(config, System.getenv());
    requireTopic(c);
    PrintWriter err = spec.commandLine().getErr();
    Path checkpoint = Backfill.checkpointFor(file, topic);
    if (Files.exists(checkpoint)) {
      err.println(
          "resuming after line "
              + Files.readString(checkpoint).trim()
              + " (from "
              + checkpoint
              + "); lines sent after it and not acknowledged (at most a second's worth, none"
              + " after a SIGTERM) may be sent again, which the pipeline absorbs");
    }
    long[] last = {0};
    Backfill backfill = new Backfill(c.kafkaClientProperties(), System::nanoTime);
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              // SIGTERM or Ctrl-C: stop after the current line, wait for Kafka, checkpoint there.
              backfill.stop();
              try {
                finished.await(20, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "backfill-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    Backfill.Result r;
    try {
      r = run(backfill, err, last);
    } finally {
      finished.countDown();
    }
    summary(r);
    return 0;
  }

  /** The last line: the counts, or where a stopped run left off. */
  private void summary(Backfill.Result r) {
    PrintWriter out = spec.commandLine().getOut();
    if (r.through() < r.total()) {
      out.printf(
          Locale.ROOT,
          "backfill: stopped after line %d of %d (%d published by this run); a rerun goes on"
              + " from there%n",
          r.through(),
          r.total(),
          r.published());
      return;
    }
    out.printf(
        Locale.ROOT,
        "backfill: %d lines, %d published, %d skipped (already published), %d blank%n",
        r.total(),
        r.published(),
        r.skipped(),
        r.blankLines());
  }

  private Backfill.Result run(Backfill backfill, PrintWriter err, long[] last) throws Exception {
    return backfill.run(
        file,
        topic,
        rate,
        (done, total, perSecond, skipped) -> {
          long now = System.nanoTime();
          if (now - last[0] > 2_000_000_000L || done == total) {
            double eta = perSecond <= 0 ? 0 : (total - done) / perSecond;
            err.printf(
                Locale.ROOT,
                "%d/%d lines, %.0f records/s, ETA %.0fs%n",
                done,
                total,
                perSecond,
                eta);
            last[0] = now;
          }
        });
  }

  /**
   * A producer waits a minute for a topic that does not exist, then fails record by record; this
   * says so in seconds, before anything is read.
   */
  private void requireTopic(IngestConfig c) {
    try (TopicAdmin admin = TopicAdmin.connect(c, "backfill")) {
      if (admin.existing().contains(topic)) {
        return;
      }
    }
    List<String> raw = PipelineTopics.sources(c).stream().map(PipelineTopic::name).toList();
    String configArg = config == null ? "" : " --config " + config;
    throw new CheckFailed(
        "topic "
            + topic
            + " does not exist on kafka.bootstrap.servers="
            + c.get("kafka.bootstrap.servers")
            + (raw.contains(topic)
                ? "; create it with `topics" + configArg + " --create`"
                : "; no rule reads it either (the rules read " + String.join(", ", raw) + ")"));
  }
}
