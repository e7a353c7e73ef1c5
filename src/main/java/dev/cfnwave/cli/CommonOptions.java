package dev.cfnwave.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every wave command has. */
final class CommonOptions {

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Also write the JSON document to FILE.")
  Path output;

  @Option(
      names = "--verbose",
      description = "Detailed logging on stderr (same as CFN_LOG_LEVEL=debug).")
  boolean verbose;

  @Mixin StackTraceOption stackTrace;
}
