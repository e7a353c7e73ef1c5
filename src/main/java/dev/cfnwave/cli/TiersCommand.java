package dev.cfnwave.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Commands about memory tiers. */
@Command(
    name = "tiers",
    mixinStandardHelpOptions = true,
    description = "Memory tiers: how well they fit what batches used.",
    subcommands = TiersSuggestCommand.class)
final class TiersCommand {

  @Mixin StackTraceOption stackTrace;
}
