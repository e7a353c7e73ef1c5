package dev.cfnwave.render;

import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.render.RunHistory.AttemptHistory;
import dev.cfnwave.report.ExitStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Short phrases about attempts, shared by the reports so they say the same thing. */
final class Describe {

  private Describe() {}

  /** JUnit failure type: oom_killed, timeout, rejected, exit:N, or failed when it never ran. */
  static String failureType(AttemptHistory a) {
    if (a.exitStatus() == ExitStatus.OOM_KILLED
        || a.exitStatus() == ExitStatus.TIMEOUT
        || a.exitStatus() == ExitStatus.REJECTED) {
      return a.exitStatus().wireName();
    }
    return a.exitCode() != null ? "exit:" + a.exitCode() : "failed";
  }

  /**
   * One line: "attempt 2: exit 1 after 3.2 s (tier 1, 512m)", with the failure rule that fired (";
   * log matched --fail-fast-on-log 'quota'").
   */
  static String attempt(AttemptHistory a, Instant runEnd) {
    StringBuilder line = new StringBuilder("attempt ").append(a.number()).append(": ");
    String outcome = a.outcome();
    switch (outcome) {
      case "success" -> line.append("succeeded");
      case "oom_killed" -> line.append("OOM-killed");
      case "timeout" -> line.append("timed out");
      case "rejected" -> line.append("rejected by the backend");
      case "interrupted" -> line.append("interrupted");
      default -> line.append("failed");
    }
    if (a.exitCode() != null) {
      line.append(", exit ").append(a.exitCode());
    }
    if (a.runningFrom() != null) {
      line.append(", ran ").append(seconds(a.running(runEnd))).append(" s");
    } else if (a.error() != null) {
      line.append(" to start");
    }
    if (a.memoryLimit() != null) {
      line.append(" (");
      if (a.tier() != null) {
        line.append("tier ").append(a.tier()).append(", ");
      }
      line.append(a.memoryLimit().dockerForm()).append(")");
    }
    if (a.peakMemory() != null) {
      line.append(", peak ").append(a.peakMemory().humanForm());
    }
    if (a.error() != null && !"interrupted".equals(a.error())) {
      line.append(": ").append(a.error());
    }
    if (a.rule() != null) {
      line.append("; ").append(a.rule().describe());
    }
    return LogTail.clean(line.toString());
  }

  /**
   * An amount measured or added up (a peak, a budget, memory reserved at once) in the rounded human
   * form, 4MB or 21.2GB; limits keep the exact form the plan and tiers give them, 512m.
   */
  static String size(long bytes) {
    return bytes <= 0 ? "0" : new MemorySize(bytes).humanForm();
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
  }

  static String time(Instant t) {
    return t == null ? "-" : t.toString();
  }
}
