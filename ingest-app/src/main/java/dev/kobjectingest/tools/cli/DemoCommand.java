package dev.kobjectingest.tools.cli;

import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.tools.demo.DemoRunner;
import dev.kobjectingest.tools.demo.DemoSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: the whole product on embedded defaults, verified, with a one-line JSON summary. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole product on embedded defaults with N generated orders, verify it, print a JSON summary.",
      "It starts a sandbox (in-process Kafka + Kustomer emulator) and the pipeline, publishes the orders with their",
      "shipment and line-item events (some out of order, duplicated, invalid), waits until every order is in the",
      "emulator or dead-lettered, checks each against its latest state, and prints the summary as the last line.",
      "Exit code 0 only when nothing is missing, stale or duplicated."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--orders",
      defaultValue = "200",
      description = "Orders to generate. Default: ${DEFAULT-VALUE}.")
  int orders;

  @Option(
      names = "--mode",
      defaultValue = "nested",
      description = "nested or rel. Default: ${DEFAULT-VALUE}.")
  String mode;

  @Option(
      names = "--rate-limit",
      defaultValue = "1000",
      description = "The org's budget in requests per minute. Default: ${DEFAULT-VALUE}.")
  int rateLimit;

  @Option(
      names = "--faults",
      defaultValue = "none",
      description = "Emulator fault spec, e.g. '5xx=5%%,429=2%%'. Default: none.")
  String faults;

  @Option(
      names = "--timeout",
      defaultValue = "15m",
      description = "Give up after this long (e.g. 90s, 15m). Default: ${DEFAULT-VALUE}.")
  String timeout;

  @Option(
      names = "--rules",
      defaultValue = "mapping-rules",
      description = "Rules directory. Default: ${DEFAULT-VALUE}.")
  Path rules;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Workload seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (orders <= 0 || rateLimit <= 0) {
      throw new IllegalArgumentException("--orders and --rate-limit must be positive");
    }
    DemoRunner.Options options =
        new DemoRunner.Options(
            orders, WriteModel.parse(mode), rateLimit, faults, parse(timeout), rules, seed);
    DemoSummary summary =
        new DemoRunner(options, spec.commandLine().getErr(), System::nanoTime).run();
    spec.commandLine().getOut().println(summary.toJson());
    if (!summary.ok()) {
      spec.commandLine()
          .getErr()
          .println(
              "error: demo found "
                  + summary.missing()
                  + " missing, "
                  + summary.stale()
                  + " stale, "
                  + summary.duplicates()
                  + " duplicated");
      return 1;
    }
    return 0;
  }

  static Duration parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    if (t.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
    }
    if (t.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
    }
    return Duration.ofSeconds(Long.parseLong(t));
  }
}
