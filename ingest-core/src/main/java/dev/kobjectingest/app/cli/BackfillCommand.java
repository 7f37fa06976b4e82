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
      "Interrupted and rerun, it resumes after the last acknowledged line (FILE.checkpoint).",
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
    Path checkpoint = Backfill.checkpointFor(file);
    if (Files.exists(checkpoint)) {
      err.println(
          "resuming after line "
              + Files.readString(checkpoint).trim()
              + " (from "
              + checkpoint
              + "); up to "
              + "one batch after it may be sent again, which the pipeline absorbs");
    }
    long[] last = {0};
    Backfill.Result r =
        new Backfill(c.kafkaClientProperties(), System::nanoTime)
            .run(
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
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "backfill: %d lines, %d published, %d skipped (already published), %d blank%n",
            r.total(),
            r.published(),
            r.skipped(),
            r.blankLines());
    return 0;
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
