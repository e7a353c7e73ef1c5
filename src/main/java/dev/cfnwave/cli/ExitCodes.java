package dev.cfnwave.cli;

/** The exit codes of the spec's tables; they exist only here, at the edge. */
final class ExitCodes {

  static final int OK = 0;

  /** spawn: a container failed to spawn; monitor: a container failed; cleanup: partial. */
  static final int SOME_FAILED = 1;

  /** Bad input or no engine (every command); monitor: timeout; cleanup: most removals failed. */
  static final int INVALID_OR_CRITICAL = 2;

  private ExitCodes() {}
}
