package dev.kobjectingest.app.cli;

import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.deadletter.DeadLetterHeaders;
import dev.kobjectingest.deadletter.DeadLetterReplay;
import dev.kobjectingest.deadletter.ReplaySelection;
import dev.kobjectingest.mapping.MappingException;
import dev.kobjectingest.sink.SinkReason;
import dev.kobjectingest.support.CheckFailed;
import dev.kobjectingest.support.Pii;
import dev.kobjectingest.topics.TopicAdmin;
import dev.kobjectingest.topology.TopologyReasons;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code replay}: re-publish selected dead letters to their source topics, once the cause is fixed.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Re-publish dead letters (original key, value, headers; plus ingest.replay.id) to the topics they came from.",
      "Select by reason, stage, source topic, time or dead-letter offset; --dry-run lists without sending.",
      "Resumable and safe to run twice: the same selection continues where it stopped and re-sends nothing.",
      "Listings show no payload, and keys with emails and phone numbers masked (*******.com, *******5309)."
    })
final class ReplayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      description = "The pipeline's properties file (Kafka and topic settings).")
  Path config;

  @Option(
      names = "--reason",
      description =
          "Reason, e.g. klass-missing, http-4xx, retries-exhausted (repeatable; an unknown one lists all).")
  List<String> reasons = List.of();

  @Option(
      names = "--stage",
      description = "Stage: parse, map, state, command, customer, kobject (repeatable).")
  List<String> stages = List.of();

  @Option(
      names = "--source-topic",
      split = ",",
      description = "Only dead letters from this topic (repeatable, or comma-separated).")
  List<String> sourceTopics = List.of();

  @Option(names = "--since", description = "Dead-lettered at or after this ISO-8601 instant.")
  Instant since;

  @Option(names = "--until", description = "Dead-lettered at or before this ISO-8601 instant.")
  Instant until;

  @Option(
      names = "--from-offset",
      defaultValue = "0",
      description = "Lowest dead-letter offset. Default: ${DEFAULT-VALUE}.")
  long fromOffset;

  @Option(
      names = "--to-offset",
      defaultValue = "9223372036854775807",
      description = "Highest dead-letter offset.")
  long toOffset;

  @Option(
      names = "--dry-run",
      description = "List what would be sent; send nothing, remember nothing.")
  boolean dryRun;

  /** Every reason a dead letter can carry, so a typo is refused rather than matching nothing. */
  static final List<String> REASONS = reasons();

  /** The stages in the order a record meets them. */
  static final List<String> STAGES =
      List.of(
          DeadLetterHeaders.STAGE_PARSE,
          DeadLetterHeaders.STAGE_MAP,
          TopologyReasons.STAGE_STATE,
          TopologyReasons.STAGE_COMMAND,
          DeadLetterHeaders.STAGE_CUSTOMER,
          DeadLetterHeaders.STAGE_KOBJECT);

  private static List<String> reasons() {
    List<String> all = new ArrayList<>();
    for (MappingException.Reason r : MappingException.Reason.values()) {
      all.add(r.code());
    }
    all.addAll(TopologyReasons.ALL);
    for (SinkReason r : SinkReason.values()) {
      all.add(r.code());
    }
    return List.copyOf(all);
  }

  @Override
  public Integer call() throws Exception {
    unknown("--reason", reasons, REASONS);
    unknown("--stage", stages, STAGES);
    if (fromOffset > toOffset) {
      throw new ParameterException(
          spec.commandLine(), "--from-offset " + fromOffset + " is above --to-offset " + toOffset);
    }
    IngestConfig c = IngestConfig.load(config, System.getenv());
    requireTopics(c);
    ReplaySelection selection =
        new ReplaySelection(
            new HashSet<>(reasons),
            new HashSet<>(stages),
            new HashSet<>(sourceTopics),
            since,
            until,
            fromOffset,
            toOffset);
    DeadLetterReplay replay =
        new DeadLetterReplay(c.kafkaClientProperties(), c.get("topics.dead-letters"));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!dryRun) {
      err.println(
          "replaying to the source topics (consumer group "
              + replay.groupFor(selection)
              + "); Ctrl-C stops, rerun resumes");
    }
    DeadLetterReplay.Result r = replay.run(selection, dryRun, progress(out, err));
    out.printf(
        Locale.ROOT,
        "%s: scanned %d dead letters, %d matched, %d %s; %d skipped as already replayed by this selection%s%n",
        dryRun ? "dry run" : "replay",
        r.scanned(),
        r.matched(),
        dryRun ? r.matched() - r.withoutSource() - r.originalsLost() : r.replayed(),
        dryRun ? "would be re-published" : "re-published",
        r.alreadyReplayed(),
        notRepublished(r));
    return 0;
  }

  /**
   * Kafka answers within startup.timeout.ms (one line, as run and backfill say it), the dead-letter
   * topic exists, and every --source-topic is a topic: a typo would otherwise select nothing.
   */
  private void requireTopics(IngestConfig c) {
    try (TopicAdmin admin = TopicAdmin.connect(c, "replay")) {
      java.util.Set<String> existing = admin.existing();
      String dlq = c.get("topics.dead-letters");
      if (!existing.contains(dlq)) {
        throw new CheckFailed(
            "topics.dead-letters: topic " + dlq + " does not exist on Kafka: nothing to replay");
      }
      for (String t : sourceTopics) {
        if (!existing.contains(t)) {
          throw new ParameterException(
              spec.commandLine(), "--source-topic '" + t + "' is not a topic on Kafka");
        }
      }
    }
  }

  /** A selection that could never match is a mistake: said with what would. */
  private void unknown(String option, List<String> given, List<String> known) {
    for (String g : given) {
      if (!known.contains(g)) {
        throw new ParameterException(
            spec.commandLine(),
            option
                + " '"
                + g
                + "' is not one the pipeline writes; one of: "
                + String.join(", ", known));
      }
    }
  }

  /** What hears each matching record: a listing line on a dry run, else a count now and then. */
  private Consumer<ConsumerRecord<byte[], byte[]>> progress(PrintWriter out, PrintWriter err) {
    AtomicLong seen = new AtomicLong();
    return rec -> {
      long n = seen.incrementAndGet();
      if (dryRun) {
        out.printf(
            Locale.ROOT,
            "%s-%d@%d  %s/%s  from %s  key %s%n",
            rec.topic(),
            rec.partition(),
            rec.offset(),
            DeadLetterHeaders.get(rec.headers(), DeadLetterHeaders.STAGE),
            DeadLetterHeaders.get(rec.headers(), DeadLetterHeaders.REASON),
            DeadLetterHeaders.get(rec.headers(), DeadLetterHeaders.SOURCE_TOPIC),
            // Keys are identities (email:..., phone:...) or order ids: masked like logs.
            rec.key() == null ? "-" : Pii.mask(new String(rec.key(), StandardCharsets.UTF_8)));
      } else if (n % 1000 == 0) {
        err.printf(Locale.ROOT, "replayed %d so far%n", n);
      }
    };
  }

  /** The summary's tail: matched records sent otherwise than as themselves, or not at all. */
  private static String notRepublished(DeadLetterReplay.Result r) {
    return (r.withoutSource() == 0
            ? ""
            : "; " + r.withoutSource() + " matched without a source topic, not re-published")
        + (r.fromOrigin() == 0
            ? ""
            : "; "
                + r.fromOrigin()
                + " of them as the raw event behind them, which runs through the rules again")
        + (r.originsLost() == 0
            ? ""
            : "; "
                + r.originsLost()
                + " raw events behind them are gone (retention): their own record was"
                + " re-published instead")
        + (r.originalsLost() == 0
            ? ""
            : "; "
                + r.originalsLost()
                + " travelled without their value and their original is no longer in its"
                + " source topic (retention), not re-published");
  }
}
