package dev.kobjectingest.app.cli;

import picocli.CommandLine.Command;

/** {@code rules}: check mapping rules and preview what a payload would send. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description =
        "Check mapping rules, preview the Kustomer requests a payload would produce, run golden cases.",
    subcommands = {RulesValidateCommand.class, RulesPreviewCommand.class, RulesTestCommand.class})
final class RulesCommand {}
