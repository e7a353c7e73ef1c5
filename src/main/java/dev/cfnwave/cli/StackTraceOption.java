package dev.cfnwave.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/** --stacktrace, which every command and subcommand takes; {@link ErrorHandler} acts on it. */
final class StackTraceOption {

  static final String NAME = "--stacktrace";

  @Option(
      names = NAME,
      scope = ScopeType.INHERIT,
      description = "Show the stack trace of an error.")
  boolean stacktrace;

  /** Whether the command line asked for stack traces, on any of its commands. */
  static boolean asked(ParseResult parseResult) {
    for (ParseResult r = parseResult; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption(NAME)) {
        return true;
      }
    }
    return false;
  }
}
