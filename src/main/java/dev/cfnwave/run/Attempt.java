package dev.cfnwave.run;

import dev.cfnwave.plan.Batch;
import dev.cfnwave.report.ExitStatus;
import java.time.Instant;

/** One try at a batch: one container. Changed only by its {@link BatchRun}'s transitions. */
final class Attempt {

  final int number;
  final Batch batch;
  final String name;
  String handle;

  /** When its launch completed; null before. */
  Instant launchedAt;

  /** When it began to run: at launch, or later where the backend places it (null until then). */
  Instant startedAt;

  Instant completedAt;
  Long exitCode;

  /** The node that ran it, when the backend says (Swarm). */
  String node;

  /** success, failed, oom_killed, timeout, rejected, or null while it runs or when it never ran. */
  ExitStatus exitStatus;

  /** Why it could not run, or interrupted. */
  String error;

  /** The highest memory it was seen using, in bytes; null when not measured. */
  Long peakMemoryBytes;

  boolean timedOut;
  boolean interrupted;

  /** Why the orchestrator asked its container to stop, if it did. */
  StopReason stopReason;

  /** Launched and not started yet: why, as the backend said last (null when it did not say). */
  String pendingReason;

  Attempt(int number, Batch batch, String name) {
    this.number = number;
    this.batch = batch;
    this.name = name;
  }
}
