package dev.cfnwave.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every wave command has. */
final class CommonOptions {

  @InHelpGroup(HelpGroup.LOGS_AND_REPORTS)
  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Also write the JSON document to FILE.")
  Path output;

  @InHelpGroup(HelpGroup.LOGS_AND_REPORTS)
  @Option(
      names = "--verbose",
      description = "Detailed logging on stderr (same as CFN_LOG_LEVEL=debug).")
  boolean verbose;

  @InHelpGroup(HelpGroup.ENGINE)
  @Option(
      names = "--backend",
      paramLabel = "NAME",
      description =
          "Where attempts run: docker (one engine) or swarm (services on a Swarm manager)."
              + " Default: CFN_BACKEND, else docker.")
  String backend;

  @Mixin ConsoleOptions console;

  @Mixin StackTraceOption stackTrace;
}
