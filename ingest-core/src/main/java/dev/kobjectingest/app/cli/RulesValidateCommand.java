package dev.kobjectingest.app.cli;

import dev.kobjectingest.mapping.RuleDefaults;
import dev.kobjectingest.mapping.RuleLoader;
import dev.kobjectingest.mapping.RuleProblems;
import dev.kobjectingest.mapping.RuleSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rules validate [DIR]}: loads every rule file and lists every problem, or what each file
 * maps.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description =
        "Load the mapping rules of DIR and list every problem (file: rule.path: reason); exit 1 if any. Warnings (an id that concatenates fields, phones without a region) do not fail.")
final class RulesValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      defaultValue = "mapping-rules",
      description = "Rules directory. Default: ${DEFAULT-VALUE}.")
  Path dir;

  @Option(
      names = "--phone-region",
      description =
          "The configuration's rules.phone-region (for rules that name no customer.phoneRegion).")
  String phoneRegion;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      RuleSet rules = RuleLoader.load(dir, new RuleDefaults(phoneRegion));
      rules
          .byTopic()
          .values()
          .forEach(
              r ->
                  out.println(
                      "ok  "
                          + r.file()
                          + ": "
                          + r.kind().label()
                          + " events from topic "
                          + r.topic()));
      rules.warnings().forEach(w -> out.println("warning  " + w));
      out.println(rules.byTopic().size() + " rule file(s) valid in " + dir);
      return 0;
    } catch (RuleProblems e) {
      e.problems().forEach(out::println);
      spec.commandLine()
          .getErr()
          .println(
              "error: "
                  + e.problems().size()
                  + " problem(s) in the mapping rules of "
                  + dir
                  + " (listed above)");
      return 1;
    }
  }
}
