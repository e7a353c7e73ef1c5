package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import dev.cfnwave.attempt.LogPolicy;
import picocli.CommandLine.Option;

/** Whose logs cleanup and run keep; a flag beats CFN_CLEANUP_PRESERVE_FAILED (default true). */
final class LogOptions {

  @InHelpGroup(HelpGroup.LOGS_AND_REPORTS)
  @Option(
      names = "--preserve-failed-logs",
      description =
          "Save logs of containers that did not exit 0 (the default; env CFN_CLEANUP_PRESERVE_FAILED).")
  boolean preserveFailedLogs;

  @InHelpGroup(HelpGroup.LOGS_AND_REPORTS)
  @Option(names = "--no-preserve-failed-logs", description = "Save no logs of failed containers.")
  boolean noPreserveFailedLogs;

  @InHelpGroup(HelpGroup.LOGS_AND_REPORTS)
  @Option(names = "--preserve-all-logs", description = "Save every container's log.")
  boolean preserveAllLogs;

  LogPolicy policy(Context context) {
    if (preserveAllLogs) {
      return LogPolicy.ALL;
    }
    return keepFailedLogs(context) ? LogPolicy.FAILED : LogPolicy.NONE;
  }

  boolean keepFailedLogs(Context context) {
    if (preserveFailedLogs && noPreserveFailedLogs) {
      throw new InputException(
          "--preserve-failed-logs and --no-preserve-failed-logs exclude each other");
    }
    if (preserveFailedLogs || noPreserveFailedLogs) {
      return preserveFailedLogs;
    }
    String variable = context.environment.getOrDefault("CFN_CLEANUP_PRESERVE_FAILED", "true");
    return EnvironmentDefaults.isTrue("CFN_CLEANUP_PRESERVE_FAILED", variable);
  }
}
