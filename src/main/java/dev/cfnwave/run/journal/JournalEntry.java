package dev.cfnwave.run.journal;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cfnwave.report.AttemptOutput;
import dev.cfnwave.report.FailureRule;

/**
 * One line of a run's journal; which fields are set depends on the type. An attempt is known by its
 * deterministic name and, once launched, by the opaque handle its backend gave and that backend's
 * name. Journals written before the backend interface said container_name and container_id (a
 * Docker container's id): they read back as the name and a handle of the docker backend. An
 * attempt_ended line names the node that ran the attempt when the backend said (Swarm); journals
 * from before that have none. attempt_ended line carries peak_memory_bytes when the attempt's
 * highest memory was measured. attempt_starting names the attempt's image as written and the digest
 * (or local image id) it was pinned to; journals before images have neither. attempt_ended carries
 * output when the run gave the attempt an output folder: its size and the result file it wrote, so
 * that a resume keeps them. attempt_ended carries rule when a failure rule fired for the attempt
 * (--retry-on exit:N, --fail-fast-on-log), and a batch_settled line that rule settled says why in
 * error, so that a resume decides as the run did, without the log.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalEntry(
    String type,
    String at,
    String batchId,
    Integer attempt,
    @JsonProperty("attempt_name") @JsonAlias("container_name") String name,
    String backend,
    @JsonAlias("container_id") String handle,
    Integer tier,
    String memoryLimit,
    Long exitCode,
    String exitStatus,
    String error,
    String startedAt,
    String completedAt,
    String node,
    Long peakMemoryBytes,
    String image,
    String imageDigest,
    AttemptOutput output,
    FailureRule rule) {

  /** Without a failure rule. */
  public JournalEntry(
      String type,
      String at,
      String batchId,
      Integer attempt,
      String name,
      String backend,
      String handle,
      Integer tier,
      String memoryLimit,
      Long exitCode,
      String exitStatus,
      String error,
      String startedAt,
      String completedAt,
      String node,
      Long peakMemoryBytes,
      String image,
      String imageDigest,
      AttemptOutput output) {
    this(
        type,
        at,
        batchId,
        attempt,
        name,
        backend,
        handle,
        tier,
        memoryLimit,
        exitCode,
        exitStatus,
        error,
        startedAt,
        completedAt,
        node,
        peakMemoryBytes,
        image,
        imageDigest,
        output,
        null);
  }

  /** Without an output folder. */
  public JournalEntry(
      String type,
      String at,
      String batchId,
      Integer attempt,
      String name,
      String backend,
      String handle,
      Integer tier,
      String memoryLimit,
      Long exitCode,
      String exitStatus,
      String error,
      String startedAt,
      String completedAt,
      String node,
      Long peakMemoryBytes,
      String image,
      String imageDigest) {
    this(
        type,
        at,
        batchId,
        attempt,
        name,
        backend,
        handle,
        tier,
        memoryLimit,
        exitCode,
        exitStatus,
        error,
        startedAt,
        completedAt,
        node,
        peakMemoryBytes,
        image,
        imageDigest,
        null);
  }

  /** Written before an attempt is launched: on resume, look for an attempt of this name. */
  public static final String ATTEMPT_STARTING = "attempt_starting";

  public static final String ATTEMPT_STARTED = "attempt_started";

  /**
   * A launched attempt is not started yet, and the backend says why (error: its reason; Swarm: "no
   * suitable node ..."); written when the reason changes, so that a resume still knows it.
   */
  public static final String ATTEMPT_PENDING = "attempt_pending";

  /**
   * Written before the orchestrator stops an attempt (error: a {@link StopReason}), so that a
   * resume after a crash tells an attempt it stopped from one that failed.
   */
  public static final String ATTEMPT_STOPPING = "attempt_stopping";

  /** The attempt ended (or could not start, or was interrupted). */
  public static final String ATTEMPT_ENDED = "attempt_ended";

  /**
   * The attempt's launch met a full network (error: the engine's answer) and left nothing behind:
   * it is forgotten, and the batch waits for its turn again under the same attempt number.
   */
  public static final String ATTEMPT_REQUEUED = "attempt_requeued";

  /** The batch has its one final result. */
  public static final String BATCH_SETTLED = "batch_settled";

  /**
   * The batch never starts: a batch it depends on did not succeed (error: the reason, "dependency X
   * failed").
   */
  public static final String BATCH_SKIPPED = "batch_skipped";

  /**
   * The batch ends cancelled, started or not (error: the reason, "group G had its K success"): its
   * best-of-N group or the run (--halt success=N) had the successes it needed, or a batch it
   * depends on was cancelled.
   */
  public static final String BATCH_CANCELLED = "batch_cancelled";

  /**
   * The spend budget stopped admission (error: what reached its limit, "cost_usd 3.1 of 3"): no new
   * attempt starts while the attempts' reported totals reach it. A resume recomputes the totals
   * from the attempt_ended lines' outputs, so the stop holds unless the limit was raised.
   */
  public static final String SPEND_BUDGET_REACHED = "spend_budget_reached";

  public static final String RUN_STARTED = "run_started";
  public static final String RUN_FINISHED = "run_finished";

  /** A line of this type and time with no other field (run_started, run_finished). */
  public static JournalEntry of(String type, java.time.Instant at) {
    return new JournalEntry(
        type,
        at.toString(),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** The first line of a fresh run, with its memory budget (reports draw it). */
  public static JournalEntry runStarted(java.time.Instant at, String memoryBudget) {
    return of(RUN_STARTED, at).with(null, memoryBudget, null);
  }

  /** A spend_budget_reached line: what reached its limit. */
  public static JournalEntry spendBudgetReached(java.time.Instant at, String what) {
    return batchSkipped(at, null, what).withType(SPEND_BUDGET_REACHED);
  }

  private JournalEntry withType(String newType) {
    return new JournalEntry(
        newType,
        at,
        batchId,
        attempt,
        name,
        backend,
        handle,
        tier,
        memoryLimit,
        exitCode,
        exitStatus,
        error,
        startedAt,
        completedAt,
        node,
        peakMemoryBytes,
        image,
        imageDigest,
        output);
  }

  /** A batch_skipped line. */
  public static JournalEntry batchSkipped(java.time.Instant at, String batchId, String reason) {
    return batchLine(BATCH_SKIPPED, at, batchId, reason);
  }

  /** A batch_cancelled line. */
  public static JournalEntry batchCancelled(java.time.Instant at, String batchId, String reason) {
    return batchLine(BATCH_CANCELLED, at, batchId, reason);
  }

  private static JournalEntry batchLine(
      String type, java.time.Instant at, String batchId, String reason) {
    return new JournalEntry(
        type,
        at.toString(),
        batchId,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        reason,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** This entry as written by the named backend: it says so wherever it has a handle. */
  JournalEntry by(String backendName) {
    return handle == null || backend != null
        ? this
        : with(backendName, memoryLimit, peakMemoryBytes);
  }

  JournalEntry withPeakMemory(Long bytes) {
    return with(backend, memoryLimit, bytes);
  }

  /** This entry with these three fields, the ones a line gets after it is made. */
  private JournalEntry with(String backend, String memoryLimit, Long peakMemoryBytes) {
    return new JournalEntry(
        type,
        at,
        batchId,
        attempt,
        name,
        backend,
        handle,
        tier,
        memoryLimit,
        exitCode,
        exitStatus,
        error,
        startedAt,
        completedAt,
        node,
        peakMemoryBytes,
        image,
        imageDigest,
        output,
        rule);
  }

  /** This attempt_ended line with what the attempt left in its output folder. */
  JournalEntry withOutput(AttemptOutput attemptOutput) {
    return new JournalEntry(
        type,
        at,
        batchId,
        attempt,
        name,
        backend,
        handle,
        tier,
        memoryLimit,
        exitCode,
        exitStatus,
        error,
        startedAt,
        completedAt,
        node,
        peakMemoryBytes,
        image,
        imageDigest,
        attemptOutput,
        rule);
  }

  /** This line with this error (a batch_settled line: why a failure rule settled it). */
  JournalEntry withError(String reason) {
    return new JournalEntry(
        type,
        at,
        batchId,
        attempt,
        name,
        backend,
        handle,
        tier,
        memoryLimit,
        exitCode,
        exitStatus,
        reason,
        startedAt,
        completedAt,
        node,
        peakMemoryBytes,
        image,
        imageDigest,
        output,
        rule);
  }

  /** This attempt_ended line with the failure rule that fired for the attempt. */
  JournalEntry withRule(FailureRule fired) {
    return new JournalEntry(
        type,
        at,
        batchId,
        attempt,
        name,
        backend,
        handle,
        tier,
        memoryLimit,
        exitCode,
        exitStatus,
        error,
        startedAt,
        completedAt,
        node,
        peakMemoryBytes,
        image,
        imageDigest,
        output,
        fired);
  }

  /** The backend that gave the handle; journals before the backend interface: docker. */
  public String backendOrDefault() {
    return backend != null ? backend : "docker";
  }
}
