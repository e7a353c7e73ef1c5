package dev.cfnwave.run.journal;

import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A batch through the run: its attempts and where it stands. Its state changes only through the
 * guarded methods below, which throw IllegalStateException on a transition the run never makes and
 * return the journal entry the transition implies; the live run journals that entry, a resume
 * replays the journal through the same methods. Owned by the orchestrator thread.
 */
public final class BatchRun {

  public enum State {
    /** Waiting for its first or next attempt (eligibleAt says from when). */
    PENDING,
    LAUNCHING,
    RUNNING,
    /** Its last attempt ended; it retries or settles next. */
    ENDED,
    /** Has its one final result. */
    SETTLED,
    /** Never started because the run stopped first. */
    NOT_STARTED,
    /**
     * Never started because a batch it depends on did not succeed, or the spend budget was reached:
     * a final outcome.
     */
    SKIPPED,
    /**
     * Stopped or never started because its group (or the run) had the successes it needed, or a
     * batch it depends on was cancelled: a final outcome, not a failure.
     */
    CANCELLED
  }

  public final Batch batch;
  public final int waveNumber;
  public final int order;
  private final List<Attempt> attempts = new ArrayList<>();
  private State state = State.PENDING;
  private Instant eligibleAt = Instant.MIN;
  private Batch nextShape;
  private String reason;
  private int networkFullInARow;
  private String settleReason;

  public BatchRun(Batch batch, int waveNumber, int order) {
    this.batch = batch;
    this.waveNumber = waveNumber;
    this.order = order;
    this.nextShape = batch;
  }

  public State state() {
    return state;
  }

  public List<Attempt> attempts() {
    return Collections.unmodifiableList(attempts);
  }

  public Attempt current() {
    return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
  }

  /** The memory shape of the next attempt. */
  public Batch nextShape() {
    return nextShape;
  }

  public boolean isEligible(Instant now) {
    return state == State.PENDING && !eligibleAt.isAfter(now);
  }

  /** Attempts that count against the retries: interrupted and rate-limited ones do not. */
  public long countedAttempts() {
    return attempts.stream()
        .filter(a -> !a.interrupted && a.exitStatus != ExitStatus.RATE_LIMITED)
        .count();
  }

  /** How many of the last attempts in a row were rate limited. */
  public int rateLimitedInARow() {
    int n = 0;
    for (int i = attempts.size() - 1;
        i >= 0 && attempts.get(i).exitStatus == ExitStatus.RATE_LIMITED;
        i--) {
      n++;
    }
    return n;
  }

  /** The final outcome: the last attempt's status once settled; cancelled once cancelled. */
  public ExitStatus finalStatus() {
    if (state == State.CANCELLED) {
      return ExitStatus.CANCELLED;
    }
    Attempt last = current();
    if (state != State.SETTLED || last == null) {
      return null;
    }
    return last.exitStatus != null ? last.exitStatus : ExitStatus.FAILED;
  }

  public boolean isDone() {
    return state == State.SETTLED
        || state == State.NOT_STARTED
        || state == State.SKIPPED
        || state == State.CANCELLED;
  }

  /** Done without success: settled with another outcome, skipped, or never started. */
  public boolean endedWithoutSuccess() {
    return isDone() && finalStatus() != ExitStatus.SUCCESS;
  }

  /**
   * Why it was skipped ("dependency X failed") or cancelled ("group G had its 1 success"), or null
   * when it was neither.
   */
  public String reason() {
    return reason;
  }

  /**
   * How many times in a row its launches were put back in the queue because their network was full
   * (journalled, so a resume keeps the count); 0 once an attempt started or ended.
   */
  public int networkFullInARow() {
    return networkFullInARow;
  }

  /** PENDING to LAUNCHING: a new attempt, numbered next, before its container is created. */
  public JournalEntry starting(Attempt attempt, Instant at) {
    require(state == State.PENDING, "start an attempt");
    if (attempt.number != attempts.size() + 1) {
      throw new IllegalStateException(
          batch.batchId() + ": attempt " + attempt.number + " after " + attempts.size());
    }
    attempts.add(attempt);
    nextShape = attempt.batch;
    state = State.LAUNCHING;
    return entry(JournalEntry.ATTEMPT_STARTING, at, null, null, null, null, null);
  }

  /**
   * LAUNCHING to RUNNING: its container was created and started, or (startedAt null) launched to be
   * started by the backend later.
   */
  public JournalEntry started(String handle, Instant startedAt, Instant at) {
    require(state == State.LAUNCHING, "record a start");
    Attempt attempt = current();
    attempt.handle = handle;
    attempt.launchedAt = at;
    attempt.startedAt = startedAt;
    networkFullInARow = 0;
    state = State.RUNNING;
    return entry(
        JournalEntry.ATTEMPT_STARTED,
        at,
        handle,
        null,
        null,
        null,
        Json.timestamp(attempt.startedAt));
  }

  /**
   * While RUNNING and not started yet: the backend started it (its time limit counts from then).
   * Not journaled: a resume learns it from the backend again.
   */
  public void startedRunning(Instant startedAt) {
    require(state == State.RUNNING && current().startedAt == null, "note a start");
    current().startedAt = startedAt;
    current().pendingReason = null;
  }

  /**
   * While RUNNING and not started yet: the backend says why it waits.
   *
   * @return the line to journal when it gives a new reason, else null
   */
  public JournalEntry pending(String reason, Instant at) {
    require(state == State.RUNNING && current().startedAt == null, "note a pending reason");
    boolean changed = !Objects.equals(reason, current().pendingReason);
    current().pendingReason = reason;
    if (!changed || reason == null) {
      return null;
    }
    return entry(JournalEntry.ATTEMPT_PENDING, at, current().handle, null, null, reason, null);
  }

  /** While RUNNING: the orchestrator stops the container, for this reason. */
  public JournalEntry stopping(StopReason reason, Instant at) {
    require(state == State.RUNNING, "stop");
    Attempt attempt = current();
    attempt.stopReason = reason;
    switch (reason) {
      case TIMEOUT -> attempt.timedOut = true;
      case INTERRUPTED -> attempt.interrupted = true;
    }
    return entry(
        JournalEntry.ATTEMPT_STOPPING, at, attempt.handle, null, null, reason.wireName(), null);
  }

  /** LAUNCHING (it could not start) or RUNNING to ENDED. */
  public JournalEntry ended(AttemptEnd end, Instant at) {
    require(state == State.LAUNCHING || state == State.RUNNING, "end an attempt");
    Attempt attempt = current();
    attempt.handle = end.handle();
    attempt.exitCode = end.exitCode();
    attempt.exitStatus = end.exitStatus();
    attempt.error = end.error();
    attempt.startedAt = end.startedAt();
    attempt.completedAt = end.completedAt();
    attempt.node = end.node();
    attempt.peakMemoryBytes = end.peakMemoryBytes();
    attempt.output = end.output();
    networkFullInARow = 0;
    attempt.rule = end.rule();
    if (StopReason.fromWire(end.error()) == StopReason.INTERRUPTED) {
      attempt.interrupted = true;
    }
    if (attempt.interrupted) {
      attempt.error = StopReason.INTERRUPTED.wireName();
    }
    state = State.ENDED;
    JournalEntry line =
        entry(
            JournalEntry.ATTEMPT_ENDED,
            at,
            attempt.handle,
            attempt.exitCode,
            attempt.exitStatus == null ? null : attempt.exitStatus.wireName(),
            attempt.error,
            Json.timestamp(attempt.startedAt));
    line = attempt.peakMemoryBytes == null ? line : line.withPeakMemory(attempt.peakMemoryBytes);
    line = attempt.output == null ? line : line.withOutput(attempt.output);
    return attempt.rule == null ? line : line.withRule(attempt.rule);
  }

  /** ENDED to PENDING: another attempt from {@code eligibleAt}, in {@code shape}. */
  public void retry(Batch shape, Instant eligibleAt) {
    require(state == State.ENDED, "retry");
    this.nextShape = shape;
    this.eligibleAt = eligibleAt;
    state = State.PENDING;
  }

  /** ENDED by an interruption to PENDING: the attempt did not count, the batch runs again. */
  public void requeue() {
    require(state == State.ENDED && current().interrupted, "requeue");
    state = State.PENDING;
  }

  /**
   * LAUNCHING or RUNNING to PENDING, forgetting the last attempt: on resume, its container was
   * never created (or never started), so the same attempt is launched again.
   */
  public void forgetLaunch() {
    require(state == State.LAUNCHING || state == State.RUNNING, "forget a launch");
    nextShape = attempts.remove(attempts.size() - 1).batch;
    state = State.PENDING;
  }

  /**
   * LAUNCHING to PENDING, forgetting the attempt, eligible again from {@code eligibleAt}: its
   * network was full when it started (another tool took the last endpoint), so it never ran and
   * neither fails the batch nor counts as a retry.
   */
  public JournalEntry requeued(String reason, Instant eligibleAt, Instant at) {
    require(state == State.LAUNCHING, "requeue a launch");
    JournalEntry line = entry(JournalEntry.ATTEMPT_REQUEUED, at, null, null, null, reason, null);
    nextShape = attempts.remove(attempts.size() - 1).batch;
    this.eligibleAt = eligibleAt;
    networkFullInARow++;
    state = State.PENDING;
    return line;
  }

  /** ENDED, or PENDING between attempts, to SETTLED: the last attempt's outcome is final. */
  public JournalEntry settle(Instant at) {
    require(state == State.ENDED || (state == State.PENDING && !attempts.isEmpty()), "settle");
    state = State.SETTLED;
    return entry(JournalEntry.BATCH_SETTLED, at, null, null, finalStatus().wireName(), null, null);
  }

  /**
   * ENDED, or PENDING between attempts, to SETTLED with a reason: a failure rule settled it ("log
   * matched --fail-fast-on-log 'REGEX'"); null: the same as {@link #settle(Instant)}.
   */
  public JournalEntry settle(Instant at, String reason) {
    JournalEntry line = settle(at);
    settleReason = reason;
    return reason == null ? line : line.withError(reason);
  }

  /** Why a failure rule settled it before its retries ran out, or null. */
  public String settleReason() {
    return settleReason;
  }

  /** PENDING with no attempt to NOT_STARTED: the run stopped before the batch's turn. */
  public void skip() {
    require(state == State.PENDING && attempts.isEmpty(), "skip");
    state = State.NOT_STARTED;
  }

  /**
   * PENDING with no attempt to SKIPPED: a batch it depends on did not succeed, so it never starts.
   */
  public JournalEntry skipForDependency(String reason, Instant at) {
    return skip(reason, at, "skip for a dependency");
  }

  /**
   * PENDING with no attempt to SKIPPED: the run's spend budget was reached before its turn (a
   * resume that raised the limit starts it after all: the run does not replay such a skip).
   */
  public JournalEntry skipForSpend(String reason, Instant at) {
    return skip(reason, at, "skip for the spend budget");
  }

  private JournalEntry skip(String reason, Instant at, String transition) {
    require(state == State.PENDING && attempts.isEmpty(), transition);
    state = State.SKIPPED;
    this.reason = reason;
    return JournalEntry.batchSkipped(at, batch.batchId(), reason);
  }

  /**
   * PENDING (before any attempt or between two), or ENDED, to CANCELLED: its group or the run had
   * the successes it needed (or a batch it depends on was cancelled), so it never runs again.
   */
  public JournalEntry cancel(String why, Instant at) {
    require(state == State.PENDING || state == State.ENDED, "cancel");
    state = State.CANCELLED;
    this.reason = why;
    return JournalEntry.batchCancelled(at, batch.batchId(), why);
  }

  private void require(boolean allowed, String transition) {
    if (!allowed) {
      throw new IllegalStateException(
          "batch "
              + batch.batchId()
              + ": cannot "
              + transition
              + " when "
              + state
              + " with "
              + attempts.size()
              + " attempts");
    }
  }

  private JournalEntry entry(
      String type,
      Instant at,
      String handle,
      Long exitCode,
      String exitStatus,
      String error,
      String attemptStartedAt) {
    Attempt attempt = current();
    boolean starting = JournalEntry.ATTEMPT_STARTING.equals(type);
    return new JournalEntry(
        type,
        at.toString(),
        batch.batchId(),
        attempt.number,
        attempt.name,
        null,
        handle,
        attempt.batch.tier(),
        attempt.batch.memoryLimit().dockerForm(),
        exitCode,
        exitStatus,
        error,
        attemptStartedAt,
        Json.timestamp(attempt.completedAt),
        JournalEntry.ATTEMPT_ENDED.equals(type) ? attempt.node : null,
        null,
        starting ? attempt.image : null,
        starting ? attempt.imageDigest : null);
  }

  /** One per batch of these waves, in the plan's order. */
  public static List<BatchRun> of(List<Wave> waves) {
    List<BatchRun> batches = new ArrayList<>();
    int order = 0;
    for (Wave wave : waves) {
      for (Batch batch : wave.batches()) {
        batches.add(new BatchRun(batch, wave.waveNumber(), order++));
      }
    }
    return batches;
  }
}
