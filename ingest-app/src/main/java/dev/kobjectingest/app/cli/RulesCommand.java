package dev.kobjectingest.app.cli;

import picocli.CommandLine.Command;

/** {@code rules}: check mapping rules and preview what a payload would send. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Check mapping rules and preview the Kustomer requests a payload would produce.",
    subcommands = {RulesValidateCommand.class, RulesPreviewCommand.class})
final class RulesCommand {}
