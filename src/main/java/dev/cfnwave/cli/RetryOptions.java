package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import dev.cfnwave.run.FailureRules;
import dev.cfnwave.run.RunSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * run's retry options: how often, on which outcomes and exit codes, not after which log lines,
 * after what wait, with more memory or not.
 */
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
      paramLabel = "RULES",
      defaultValue = "failed,oom_killed",
      converter = RetryOnRules.Converter.class,
      completionCandidates = Converters.RetriedStatusNames.class,
      description =
          "Which ends are retried: the outcomes failed, oom_killed, timeout, and a failed"
              + " attempt's exit codes as exit:CODE[,CODE...], comma-separated, mixable"
              + " (default: ${DEFAULT-VALUE}).")
  List<RetryOnRules> retryOn;

  @InHelpGroup(HelpGroup.RETRIES)
  @Option(
      names = "--fail-fast-on-log",
      paramLabel = "REGEX",
      converter = RegexText.class,
      description =
          "Do not retry a batch whose failed attempt's log (its last 1 MiB) matches REGEX;"
              + " repeatable.")
  List<String> failFastOnLog = new ArrayList<>();

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

  /** A regular expression, kept as written once it compiles. */
  static final class RegexText implements ITypeConverter<String> {
    @Override
    public String convert(String text) {
      try {
        Pattern.compile(text);
        return text;
      } catch (PatternSyntaxException e) {
        throw new TypeConversionException(
            "not a regular expression: "
                + e.getDescription()
                + " near index "
                + e.getIndex()
                + " of '"
                + text
                + "'");
      }
    }
  }

  /** The builder with these retries; a negative count is refused. */
  RunSettings.Builder applyTo(RunSettings.Builder builder) {
    if (retries < 0) {
      throw new InputException("--retries", "must not be negative, got " + retries);
    }
    RetryOnRules rules = RetryOnRules.merged(retryOn);
    return builder
        .retries(retries, new LinkedHashSet<>(rules.statuses()), backoff)
        .failureRules(new FailureRules(rules.exitCodes(), failFastOnLog))
        .escalateMemory(escalateMemory);
  }
}
