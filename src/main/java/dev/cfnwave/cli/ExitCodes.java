package dev.cfnwave.cli;

import dev.cfnwave.run.Cancellation;
import dev.cfnwave.run.RunStatus;

/** The exit codes of the spec's tables; they exist only here, at the edge. */
final class ExitCodes {

  static final int OK = 0;

  /** spawn: a container failed to spawn; monitor: a container failed; cleanup: partial. */
  static final int SOME_FAILED = 1;

  /** Bad input or no engine (every command); monitor: timeout; cleanup: most removals failed. */
  static final int INVALID_OR_CRITICAL = 2;

  private ExitCodes() {}

  /** run: 0 all succeeded, 1 some failed, 2 timeout, 128 plus the signal when interrupted. */
  static int of(RunStatus status, Cancellation cancellation) {
    return switch (status) {
      case SUCCEEDED -> OK;
      case FAILED -> SOME_FAILED;
      case TIMEOUT -> INVALID_OR_CRITICAL;
      case INTERRUPTED -> cancellation.exitCode();
    };
  }
}
