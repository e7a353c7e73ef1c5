package dev.cfnwave.run.journal;

import dev.cfnwave.plan.Batch;
import dev.cfnwave.report.AttemptOutput;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.FailureRule;
import java.time.Instant;

/** One try at a batch: one container. Changed only by its {@link BatchRun}'s transitions. */
public final class Attempt {

  public final int number;
  public final Batch batch;
  public final String name;

  /** The image as written, and the digest or local id it ran pinned to (null when not pinned). */
  public final String image;

  public final String imageDigest;

  public String handle;

  /** When its launch completed; null before. */
  public Instant launchedAt;

  /** When it began to run: at launch, or later where the backend places it (null until then). */
  public Instant startedAt;

  public Instant completedAt;
  public Long exitCode;

  /** The node that ran it, when the backend says (Swarm). */
  public String node;

  /** success, failed, oom_killed, timeout, rejected, or null while it runs or when it never ran. */
  public ExitStatus exitStatus;

  /** Why it could not run, or interrupted. */
  public String error;

  /** The highest memory it was seen using, in bytes; null when not measured. */
  public Long peakMemoryBytes;

  /** What it left in its output folder; null when it had none (or has not ended). */
  public AttemptOutput output;

  /** The failure rule that fired when it ended (--retry-on exit:N, --fail-fast-on-log), or null. */
  public FailureRule rule;

  public boolean timedOut;
  public boolean interrupted;

  /** Why the orchestrator asked its container to stop, if it did. */
  public StopReason stopReason;

  /** Launched and not started yet: why, as the backend said last (null when it did not say). */
  public String pendingReason;

  public Attempt(int number, Batch batch, String name) {
    this(number, batch, name, null, null);
  }

  public Attempt(int number, Batch batch, String name, String image, String imageDigest) {
    this.number = number;
    this.batch = batch;
    this.name = name;
    this.image = image;
    this.imageDigest = imageDigest;
  }
}
