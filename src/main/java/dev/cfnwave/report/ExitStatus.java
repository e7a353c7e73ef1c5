package dev.cfnwave.report;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a container's work ended. */
public enum ExitStatus {
  SUCCESS,
  FAILED,
  OOM_KILLED,
  TIMEOUT;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isFailure() {
    return this == FAILED || this == OOM_KILLED;
  }

  /**
   * The OOM killer wins over the exit code: a container it killed is oom_killed whatever code it
   * ended with (137 alone only means SIGKILL from anyone).
   */
  public static ExitStatus classify(long exitCode, boolean oomKilled) {
    if (oomKilled) {
      return OOM_KILLED;
    }
    return exitCode == 0 ? SUCCESS : FAILED;
  }
}
