package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.run.RunSettings;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;

/** run's retry options: how often, on which outcomes, after what wait, with more memory or not. */
final class RetryOptions {

  @InHelpGroup(HelpGroup.RETRIES)
  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "0",
      converter = Converters.CountOrZero.class,
      description = "Re-run a failed batch up to N times, as new containers.")
  int retries;

  @InHelpGroup(HelpGroup.RETRIES)
  @Option(
      names = "--retry-on",
      paramLabel = "STATUSES",
      split = ",",
      defaultValue = "failed,oom_killed",
      converter = Converters.RetriedStatus.class,
      completionCandidates = Converters.RetriedStatusNames.class,
      description =
          "Which outcomes are retried: failed, oom_killed, timeout (default: ${DEFAULT-VALUE}).")
  List<ExitStatus> retryOn;

  @InHelpGroup(HelpGroup.RETRIES)
  @Option(
      names = "--backoff",
      paramLabel = "SECONDS",
      defaultValue = "2",
      converter = Converters.SecondsOrZero.class,
      description =
          "Wait before the first retry; doubles for each further one (default: ${DEFAULT-VALUE}).")
  Duration backoff;

  @InHelpGroup(HelpGroup.RETRIES)
  @Option(names = "--escalate-memory", description = "Retry an OOM-killed batch one tier up.")
  boolean escalateMemory;

  /** The builder with these retries; a negative count is refused. */
  RunSettings.Builder applyTo(RunSettings.Builder builder) {
    if (retries < 0) {
      throw new InputException("--retries", "must not be negative, got " + retries);
    }
    return builder
        .retries(retries, new LinkedHashSet<>(retryOn), backoff)
        .escalateMemory(escalateMemory);
  }
}
