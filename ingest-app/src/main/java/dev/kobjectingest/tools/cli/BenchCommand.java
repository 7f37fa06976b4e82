package dev.kobjectingest.tools.cli;

import picocli.CommandLine.Command;

/** {@code bench}: reproducible performance measurements on a real broker. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Reproducible benchmarks on a real Kafka broker (in-process by default).",
    subcommands = {BenchTopologyCommand.class, BenchE2eCommand.class})
final class BenchCommand {}
