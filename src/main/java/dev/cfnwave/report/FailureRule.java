package dev.cfnwave.report;

/**
 * A failure rule that fired for an attempt, as the run journals and reports it: {@code --retry-on
 * exit:3} (its exit code is listed, so it may be retried) or {@code --fail-fast-on-log REGEX} (its
 * log matched, so its batch is not retried).
 *
 * @param option the option that holds the rule: --retry-on or --fail-fast-on-log
 * @param value the rule as written there: exit:3, or the regular expression
 */
public record FailureRule(String option, String value) {

  public static final String RETRY_ON = "--retry-on";
  public static final String FAIL_FAST_ON_LOG = "--fail-fast-on-log";

  public FailureRule {
    if (!RETRY_ON.equals(option) && !FAIL_FAST_ON_LOG.equals(option)) {
      throw new IllegalArgumentException("not a failure rule: " + option);
    }
    if (value == null) {
      throw new IllegalArgumentException("a failure rule needs a value");
    }
  }

  /** The exit rule that lists this code. */
  public static FailureRule retryOnExit(long exitCode) {
    return new FailureRule(RETRY_ON, "exit:" + exitCode);
  }

  /** The log rule with this regular expression. */
  public static FailureRule failFastOnLog(String regex) {
    return new FailureRule(FAIL_FAST_ON_LOG, regex);
  }

  /** Whether it ends the batch's retries (a log match) rather than allowing one (an exit code). */
  public boolean stopsRetries() {
    return FAIL_FAST_ON_LOG.equals(option);
  }

  /** "log matched --fail-fast-on-log 'REGEX'", or "exit code listed in --retry-on exit:3". */
  public String describe() {
    return stopsRetries()
        ? "log matched " + option + " '" + value + "'"
        : "exit code listed in " + option + " " + value;
  }
}
