package dev.kobjectingest.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.kobjectingest.mapping.RuleDefaults;
import dev.kobjectingest.mapping.RuleLoader;
import dev.kobjectingest.mapping.RuleProblems;
import dev.kobjectingest.mapping.RuleSet;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.support.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rules test [DIR]}: golden tests of a rule set. Each case ({@code DIR/tests/NAME.yaml})
 * lists payloads; {@code NAME.expected.json} beside it holds what they must produce, exactly as
 * {@code rules preview} shows it (events, dead letters by stage, reason and field, requests). No
 * network. A mismatch prints a unified diff and the command exits 1; {@code --update} writes the
 * current output as the new expectation.
 */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Run the golden cases of a rule set (DIR/tests/NAME.yaml: payloads; NAME.expected.json: what they produce).",
      "Prints a diff for each case whose output differs and exits 1; --update writes the output as the expectation."
    })
final class RulesTestCommand implements Callable<Integer> {
  private static final ObjectMapper YAML = Json.YAML;
  private static final ObjectMapper JSON = RulesPreviewCommand.JSON;
  private static final String EXPECTED = ".expected.json";

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      defaultValue = "mapping-rules",
      description = "Rules directory. Default: ${DEFAULT-VALUE}.")
  Path dir;

  @Option(names = "--cases", description = "Directory of the cases. Default: DIR/tests.")
  Path casesDir;

  @Option(names = "--update", description = "Write each case's output as its expectation.")
  boolean update;

  @Option(
      names = "--phone-region",
      description =
          "The configuration's rules.phone-region (for rules that name no customer.phoneRegion).")
  String phoneRegion;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RuleSet rules;
    try {
      rules = RuleLoader.load(dir, new RuleDefaults(phoneRegion));
    } catch (RuleProblems e) {
      e.problems().forEach(out::println);
      err.println("error: the rules of " + dir + " do not load (listed above); run rules validate");
      return 1;
    }
    Path cases = casesDir == null ? dir.resolve("tests") : casesDir;
    List<Path> files = caseFiles(cases);
    if (files.isEmpty()) {
      err.println("error: no cases (*.yaml) in " + cases);
      return 1;
    }
    int failed = 0;
    for (Path file : files) {
      if (!runCase(rules, file, out)) {
        failed++;
      }
    }
    if (update) {
      out.println("rules test: wrote " + (files.size() - failed) + " expectation(s)");
      return failed == 0 ? 0 : 1;
    }
    if (failed == 0) {
      out.println("rules test: all " + files.size() + " case(s) pass");
      return 0;
    }
    err.println("error: " + failed + " of " + files.size() + " rule test case(s) failed");
    return 1;
  }

  /**
   * Runs one case, printing its verdict (and diff); with {@code --update}, writes its expectation.
   * False when it fails.
   */
  private boolean runCase(RuleSet rules, Path file, PrintWriter out) throws IOException {
    String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    Path expectedFile = file.resolveSibling(name + EXPECTED);
    JsonNode actual;
    try {
      actual = run(rules, file);
    } catch (IOException | IllegalArgumentException e) {
      out.println("FAIL " + name + ": " + e.getMessage());
      return false;
    }
    if (update) {
      Files.writeString(expectedFile, JSON.writeValueAsString(expectation(actual)) + "\n");
      out.println("updated " + name + " (" + expectedFile + ")");
      return true;
    }
    if (!Files.exists(expectedFile)) {
      out.println(
          "FAIL " + name + ": no " + expectedFile.getFileName() + " yet (run with --update)");
      return false;
    }
    JsonNode expected = JSON.readTree(expectedFile.toFile());
    JsonNode compared = comparable(actual, expected);
    if (compared.equals(expected)) {
      out.println("ok   " + name);
      return true;
    }
    out.println("FAIL " + name + ": the output differs from " + expectedFile.getFileName());
    diff(expected, compared, expectedFile.getFileName().toString()).forEach(out::println);
    return false;
  }

  private static List<Path> caseFiles(Path cases) throws IOException {
    if (!Files.isDirectory(cases)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(cases)) {
      return s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml$")).sorted().toList();
    }
  }

  /** The case's output: the preview of its payloads, without the payload labels. */
  private static JsonNode run(RuleSet rules, Path file) throws IOException {
    JsonNode c = YAML.readTree(file.toFile());
    if (c == null || !c.isObject()) {
      throw new IllegalArgumentException("a case is a YAML mapping with events");
    }
    for (Map.Entry<String, JsonNode> e : c.properties()) {
      if (!Set.of("description", "model", "events").contains(e.getKey())) {
        throw new IllegalArgumentException(
            e.getKey() + ": unknown key (allowed: description, model, events)");
      }
    }
    WriteModel model = WriteModel.parse(c.path("model").asText("nested"));
    JsonNode events = c.path("events");
    if (!events.isArray() || events.isEmpty()) {
      throw new IllegalArgumentException("events: a list of payloads is required");
    }
    List<RulesPreview.Input> inputs = new ArrayList<>();
    int i = 0;
    for (JsonNode e : events) {
      String at = "events[" + i++ + "]";
      for (Map.Entry<String, JsonNode> k : e.properties()) {
        if (!Set.of("topic", "payload", "json", "text").contains(k.getKey())) {
          throw new IllegalArgumentException(
              at + "." + k.getKey() + ": unknown key (allowed: topic, payload, json, text)");
        }
      }
      byte[] bytes;
      if (e.hasNonNull("payload")) {
        bytes = Files.readAllBytes(file.resolveSibling(e.path("payload").asText()));
      } else if (e.has("json")) {
        bytes = JSON.writeValueAsBytes(e.get("json"));
      } else if (e.hasNonNull("text")) {
        bytes = e.path("text").asText().getBytes(StandardCharsets.UTF_8);
      } else {
        throw new IllegalArgumentException(at + ": needs payload (a file), json or text");
      }
      String topic = e.hasNonNull("topic") ? e.path("topic").asText() : null;
      inputs.add(new RulesPreview.Input(null, topic, bytes));
    }
    // Through text, as the expectation is read: numbers compare by their JSON form.
    return JSON.readTree(
        JSON.writeValueAsString(new RulesPreview(rules, model).run(inputs).json()));
  }

  /**
   * The output as compared: a dead letter's message and value only where the expectation states
   * them (reason and field are the contract; the wording may improve).
   */
  private static JsonNode comparable(JsonNode actual, JsonNode expected) {
    ObjectNode copy = actual.deepCopy();
    JsonNode events = copy.path("events");
    for (int i = 0; i < events.size(); i++) {
      JsonNode dl = events.get(i).path("deadLetter");
      if (dl instanceof ObjectNode o) {
        JsonNode want = expected.path("events").path(i).path("deadLetter");
        for (String key : List.of("message", "value")) {
          if (!want.has(key)) {
            o.remove(key);
          }
        }
      }
    }
    return copy;
  }

  private static List<String> diff(JsonNode expected, JsonNode actual, String name)
      throws IOException {
    List<String> want = JSON.writeValueAsString(expected).lines().toList();
    List<String> got = JSON.writeValueAsString(actual).lines().toList();
    return UnifiedDiffUtils.generateUnifiedDiff(
        name + " (expected)", "actual", want, DiffUtils.diff(want, got), 3);
  }

  /** What {@code --update} writes: the output without messages and values of dead letters. */
  static JsonNode expectation(JsonNode actual) {
    return comparable(actual, JSON.createObjectNode());
  }
}
