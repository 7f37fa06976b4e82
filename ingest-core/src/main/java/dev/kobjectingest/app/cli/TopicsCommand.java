package dev.kobjectingest.app.cli;

import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.topics.PipelineTopic;
import dev.kobjectingest.topics.PipelineTopics;
import dev.kobjectingest.topics.TopicAdmin;
import dev.kobjectingest.topics.TopicRole;
import dev.kobjectingest.topics.TopicState;
import dev.kobjectingest.topology.InternalTopics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code topics}: every topic the pipeline uses, which are missing, and creating them. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = {
      "List and create the pipeline's topics.",
      "Every topic it uses: raw (from the rules), command, id table, dead letter, and the internal",
      "ones Kafka Streams creates; with partitions, cleanup policy and which are missing.",
      "--create creates the missing ones (raw ones too) with topics.partitions and topics.replication,",
      "compacted where the role needs it; --dry-run shows what --create would do."
    })
final class TopicsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", description = "The pipeline's properties file.")
  Path config;

  @Option(names = "--create", description = "Create the missing topics (not the internal ones).")
  boolean create;

  @Option(names = "--dry-run", description = "With --create: show what would be created.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    IngestConfig c = IngestConfig.load(config, System.getenv());
    List<PipelineTopic> topics = new ArrayList<>(PipelineTopics.of(c));
    topics.addAll(InternalTopics.of(c));
    PrintWriter out = spec.commandLine().getOut();
    try (TopicAdmin admin = TopicAdmin.connect(c, "topics")) {
      // Internal topics this topology does not derive (left by an older version, say) are listed
      // too: they hold state and count against the cluster's limits.
      String prefix = c.get("streams.application.id") + "-";
      List<String> known = topics.stream().map(PipelineTopic::name).toList();
      admin.existing().stream()
          .filter(t -> t.startsWith(prefix) && !known.contains(t))
          .sorted()
          .forEach(
              t -> topics.add(new PipelineTopic(t, TopicRole.INTERNAL, "not in this topology")));
      Map<String, TopicState> states =
          admin.describe(topics.stream().map(PipelineTopic::name).toList());
      List<PipelineTopic> missing = printTable(out, topics, states);
      createOrReport(out, admin, missing, c.getInt("topics.partitions"));
    }
    return 0;
  }

  /** Prints a row per topic; returns the missing ones the pipeline (not Streams) creates. */
  private static List<PipelineTopic> printTable(
      PrintWriter out, List<PipelineTopic> topics, Map<String, TopicState> states) {
    int width = topics.stream().mapToInt(t -> t.name().length()).max().orElse(5);
    String row = "%-" + width + "s  %-11s  %10s  %-7s  %s%n";
    out.printf(Locale.ROOT, row, "TOPIC", "ROLE", "PARTITIONS", "CLEANUP", "STATUS");
    List<PipelineTopic> missing = new ArrayList<>();
    for (PipelineTopic t : topics) {
      TopicState s = states.get(t.name());
      if (!s.exists() && !t.role().createdByStreams()) {
        missing.add(t);
      }
      out.printf(
          Locale.ROOT,
          row,
          t.name(),
          t.role().label(),
          s.exists() ? String.valueOf(s.partitions()) : "-",
          s.exists() ? s.cleanupPolicy() : "-",
          status(t, s));
    }
    return missing;
  }

  /** Creates the missing topics with {@code --create}, shows them with {@code --dry-run}. */
  private void createOrReport(
      PrintWriter out, TopicAdmin admin, List<PipelineTopic> missing, int partitions) {
    if (missing.isEmpty()) {
      out.println("every topic the pipeline needs exists");
    } else if (!create) {
      out.printf(
          Locale.ROOT,
          "%d missing: %s; `topics%s --create` creates them%n",
          missing.size(),
          names(missing),
          config == null ? "" : " --config " + config);
    } else if (dryRun) {
      for (PipelineTopic t : missing) {
        out.printf(
            Locale.ROOT,
            "would create %s (%d partitions%s)%n",
            t.name(),
            partitions,
            t.role().compacted() ? ", compacted" : "");
      }
    } else {
      List<String> created = admin.createMissing(missing);
      out.printf(
          Locale.ROOT,
          "created %d: %s%s%n",
          created.size(),
          String.join(", ", created),
          created.size() < missing.size() ? " (the others were created meanwhile)" : "");
    }
  }

  private static String status(PipelineTopic t, TopicState s) {
    if (!s.exists()) {
      return t.role().createdByStreams()
          ? "not yet (Kafka Streams creates it when run starts)"
          : "MISSING (" + t.namedBy() + ")";
    }
    if (t.role() == TopicRole.ID_TABLE
        && !s.cleanupPolicy().contains("compact")
        && !s.cleanupPolicy().equals("?")) {
      return "present, but NOT compacted: an id table must be (cleanup.policy=compact)";
    }
    return "present (" + t.namedBy() + ")";
  }

  private static String names(List<PipelineTopic> topics) {
    return String.join(", ", topics.stream().map(PipelineTopic::name).toList());
  }
}
