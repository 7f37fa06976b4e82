package dev.kobjectingest.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kobjectingest.mapping.RuleDefaults;
import dev.kobjectingest.mapping.RuleLoader;
import dev.kobjectingest.mapping.RuleSet;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.support.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rules preview --payload FILE [--topic T]}: applies the rules to payloads, merges them per
 * order as the pipeline does, and prints as JSON what each event became (mapped, skipped, or a dead
 * letter with its reason, field and value) and the Kustomer requests (method, path, body) the first
 * write would make, with placeholders for ids. No network.
 */
@Command(
    name = "preview",
    mixinStandardHelpOptions = true,
    description = {
      "Print, as JSON, the Kustomer API requests that payloads would produce (no network; placeholder ids).",
      "Several --payload options are merged in order, as the pipeline merges an order's events.",
      "Events a rule skips (when) are shown; a dead letter is explained (reason, field, value) and exits 1."
    })
final class RulesPreviewCommand implements Callable<Integer> {
  static final ObjectMapper JSON = Json.PRETTY;

  @Spec CommandSpec spec;

  @Option(
      names = "--payload",
      required = true,
      description = "A JSON payload file; repeat for several events.")
  List<Path> payloads;

  @Option(
      names = "--topic",
      description =
          "The topic each payload comes from, in order; detected from the rules when omitted.")
  List<String> topics = new ArrayList<>();

  @Option(
      names = "--rules",
      defaultValue = "mapping-rules",
      description = "Rules directory. Default: ${DEFAULT-VALUE}.")
  Path rulesDir;

  @Option(
      names = "--model",
      defaultValue = "nested",
      description = "nested or rel. Default: ${DEFAULT-VALUE}.")
  String model;

  @Option(
      names = "--phone-region",
      description =
          "The configuration's rules.phone-region (for rules that name no customer.phoneRegion).")
  String phoneRegion;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    RuleSet rules = RuleLoader.load(rulesDir, new RuleDefaults(phoneRegion));
    List<RulesPreview.Input> inputs = new ArrayList<>();
    for (int i = 0; i < payloads.size(); i++) {
      Path file = payloads.get(i);
      inputs.add(
          new RulesPreview.Input(
              file.toString(), i < topics.size() ? topics.get(i) : null, Files.readAllBytes(file)));
    }
    RulesPreview.Result result = new RulesPreview(rules, WriteModel.parse(model)).run(inputs);
    out.println(JSON.writeValueAsString(result.json()));
    result.deadLetters().forEach(d -> spec.commandLine().getErr().println("error: " + d));
    return result.deadLetters().isEmpty() ? 0 : 1;
  }
}
