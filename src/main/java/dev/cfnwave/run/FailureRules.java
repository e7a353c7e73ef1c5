package dev.cfnwave.run;

import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.FailureRule;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The failure rules beyond --retry-on's outcome classes: exit codes that make a failed attempt
 * retried ({@code --retry-on exit:3}) and log patterns that stop a batch's retries
 * (--fail-fast-on-log). Says which rule fires for an attempt; the retry policy acts on it. Pure.
 */
public final class FailureRules {

  /** No exit codes, no log patterns. */
  public static final FailureRules NONE = new FailureRules(Set.of(), List.of());

  /** How much of a log's end is searched for the patterns: its last 1 MiB. */
  public static final int SCANNED_BYTES = 1 << 20;

  private final Set<Long> retryExitCodes;
  private final List<String> failFastOnLog;
  private final List<Pattern> patterns;

  /**
   * @param failFastOnLog regular expressions (java.util.regex), searched in each line of the log
   * @throws java.util.regex.PatternSyntaxException for an invalid one
   */
  public FailureRules(Set<Long> retryExitCodes, List<String> failFastOnLog) {
    this.retryExitCodes = Set.copyOf(retryExitCodes);
    this.failFastOnLog = List.copyOf(failFastOnLog);
    this.patterns =
        this.failFastOnLog.stream().map(p -> Pattern.compile(p, Pattern.MULTILINE)).toList();
  }

  public Set<Long> retryExitCodes() {
    return retryExitCodes;
  }

  public List<String> failFastOnLog() {
    return failFastOnLog;
  }

  /** Whether an attempt with this outcome has its log searched: a failure a retry might follow. */
  boolean scansLogOf(ExitStatus outcome) {
    return !patterns.isEmpty()
        && (outcome == ExitStatus.FAILED
            || outcome == ExitStatus.OOM_KILLED
            || outcome == ExitStatus.TIMEOUT);
  }

  /** The first --fail-fast-on-log rule whose pattern is found in the log's text, or null. */
  FailureRule logMatch(CharSequence logTail) {
    for (int i = 0; i < patterns.size(); i++) {
      if (patterns.get(i).matcher(logTail).find()) {
        return FailureRule.failFastOnLog(failFastOnLog.get(i));
      }
    }
    return null;
  }

  /**
   * The rule that fires for an attempt that ended so: a log match first (it stops retries whatever
   * else says), else, for a failed attempt, its exit code's rule; null when none does.
   */
  FailureRule judge(ExitStatus outcome, Long exitCode, FailureRule logMatch) {
    if (logMatch != null && scansLogOf(outcome)) {
      return logMatch;
    }
    if (outcome == ExitStatus.FAILED && exitCode != null && retryExitCodes.contains(exitCode)) {
      return FailureRule.retryOnExit(exitCode);
    }
    return null;
  }
}
