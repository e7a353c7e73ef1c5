package dev.cfnwave.run.journal;

import dev.cfnwave.backend.AttemptPhase;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.report.AttemptOutput;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.FailureRule;
import java.time.Instant;

/**
 * How an attempt ended, as the engine told it (or the journal recorded it), with the highest memory
 * it was seen using when known, and the failure rule that fired for it (null when none did).
 */
public record AttemptEnd(
    String handle,
    Long exitCode,
    ExitStatus exitStatus,
    String error,
    Instant startedAt,
    Instant completedAt,
    String node,
    Long peakMemoryBytes,
    AttemptOutput output,
    FailureRule rule) {

  /** Without a failure rule. */
  public AttemptEnd(
      String handle,
      Long exitCode,
      ExitStatus exitStatus,
      String error,
      Instant startedAt,
      Instant completedAt,
      String node,
      Long peakMemoryBytes,
      AttemptOutput output) {
    this(
        handle,
        exitCode,
        exitStatus,
        error,
        startedAt,
        completedAt,
        node,
        peakMemoryBytes,
        output,
        null);
  }

  /** Without an output folder. */
  public AttemptEnd(
      String handle,
      Long exitCode,
      ExitStatus exitStatus,
      String error,
      Instant startedAt,
      Instant completedAt,
      String node,
      Long peakMemoryBytes) {
    this(handle, exitCode, exitStatus, error, startedAt, completedAt, node, peakMemoryBytes, null);
  }

  /** Without a node or a peak: the backend did not say where it ran or what it used. */
  public AttemptEnd(
      String handle,
      Long exitCode,
      ExitStatus exitStatus,
      String error,
      Instant startedAt,
      Instant completedAt) {
    this(handle, exitCode, exitStatus, error, startedAt, completedAt, null, null);
  }

  /** The same end with the highest memory the attempt was seen using (null: not known). */
  public AttemptEnd withPeakMemory(Long bytes) {
    return new AttemptEnd(
        handle, exitCode, exitStatus, error, startedAt, completedAt, node, bytes, output, rule);
  }

  /** The same end with what the attempt left in its output folder (null: it had none). */
  public AttemptEnd withOutput(AttemptOutput folder) {
    return new AttemptEnd(
        handle,
        exitCode,
        exitStatus,
        error,
        startedAt,
        completedAt,
        node,
        peakMemoryBytes,
        folder,
        rule);
  }

  /** The same end with another outcome and reason: the output folder or result file decided. */
  public AttemptEnd decidedAs(ExitStatus status, String reason) {
    return new AttemptEnd(
        handle,
        exitCode,
        status,
        reason,
        startedAt,
        completedAt,
        node,
        peakMemoryBytes,
        output,
        rule);
  }

  /** The same end with another outcome (a failure whose exit code means rate limited). */
  public AttemptEnd withStatus(ExitStatus status) {
    return new AttemptEnd(
        handle,
        exitCode,
        status,
        error,
        startedAt,
        completedAt,
        node,
        peakMemoryBytes,
        output,
        rule);
  }

  /** The same end with the failure rule that fired for it (null: none). */
  public AttemptEnd withRule(FailureRule fired) {
    return new AttemptEnd(
        handle,
        exitCode,
        exitStatus,
        error,
        startedAt,
        completedAt,
        node,
        peakMemoryBytes,
        output,
        fired);
  }

  /** Its container could not be created or started. */
  public static AttemptEnd spawnFailed(String error) {
    return new AttemptEnd(null, null, ExitStatus.FAILED, error, null, null, null, null);
  }

  /** The backend refused to launch it as specified (no such image): it never ran. */
  public static AttemptEnd rejected(String error) {
    return new AttemptEnd(null, null, ExitStatus.REJECTED, error, null, null, null, null);
  }

  /**
   * Its container ended: a container stopped for its time limit timed out, one stopped because its
   * group had its successes is cancelled; one the backend refused, or stopped because it was not
   * started within the pending time limit, is rejected with the reason; else the exit code and the
   * OOM killer say. Details are null when someone else removed the container. The backend's error
   * comes along (a task lost with its node: failed, no exit code).
   */
  public static AttemptEnd exited(Attempt attempt, AttemptStatus details) {
    if (details == null) {
      return new AttemptEnd(
          attempt.handle,
          null,
          ExitStatus.FAILED,
          "the container was removed by someone else",
          attempt.startedAt,
          null,
          attempt.node,
          null);
    }
    if (details.phase() == AttemptPhase.REJECTED) {
      return new AttemptEnd(
          attempt.handle,
          null,
          ExitStatus.REJECTED,
          details.error() != null ? details.error() : "the backend rejected it",
          null,
          details.finishedAt());
    }
    if (attempt.stopReason == StopReason.OUTPUT_LIMIT) {
      return new AttemptEnd(
          attempt.handle,
          details.exitCode(),
          ExitStatus.FAILED,
          AttemptOutput.OVER_THE_LIMIT,
          details.startedAt() != null ? details.startedAt() : attempt.startedAt,
          details.finishedAt(),
          details.node() != null ? details.node() : attempt.node,
          null);
    }
    if (attempt.stopReason == StopReason.PENDING_TIMEOUT) {
      return new AttemptEnd(
          attempt.handle,
          null,
          ExitStatus.REJECTED,
          "not started within --pending-timeout: "
              + (attempt.pendingReason != null ? attempt.pendingReason : "no reason given"),
          null,
          details.finishedAt());
    }
    long code = details.exitCode() == null ? -1 : details.exitCode();
    ExitStatus status =
        attempt.stopReason == StopReason.CANCELLED
            ? ExitStatus.CANCELLED
            : attempt.timedOut
                ? ExitStatus.TIMEOUT
                : ExitStatus.classify(code, details.oomKilled());
    return new AttemptEnd(
        attempt.handle,
        details.exitCode(),
        status,
        details.error(),
        details.startedAt() != null ? details.startedAt() : attempt.startedAt,
        details.finishedAt(),
        details.node() != null ? details.node() : attempt.node,
        null);
  }
}
