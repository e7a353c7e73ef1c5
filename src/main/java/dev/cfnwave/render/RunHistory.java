package dev.cfnwave.render;

import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.report.AttemptOutput;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.FailureRule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * What happened in a run, as its folder tells it (journal, report and kept logs): the model the
 * JUnit, Markdown, HTML and JSON reports are rendered from. Built the same way for a finished and
 * for an interrupted run, so a report command rebuilds exactly what the run wrote.
 *
 * @param status succeeded, failed, timeout, interrupted or tool_failure
 * @param budget the run's memory budget, null when the folder does not say
 * @param finishedAt when the run ended, or the last thing its journal recorded
 * @param durationSeconds as its report said (from unrounded times), else from the two above
 */
public record RunHistory(
    String runId,
    String taskId,
    String status,
    String schedule,
    MemorySize budget,
    Instant startedAt,
    Instant finishedAt,
    long durationSeconds,
    List<BatchHistory> batches,
    long peakHeldByOthers) {

  /** An attempt's error (and outcome) when the run stopped it for an interruption. */
  static final String INTERRUPTED = "interrupted";

  /** A batch's final status when a batch it depends on did not succeed. */
  public static final String SKIPPED = "skipped";

  /** A batch's final status when its best-of-N group (or the run, --halt) had its successes. */
  public static final String CANCELLED = "cancelled";

  public RunHistory {
    batches = List.copyOf(batches);
  }

  /** A run whose report did not say what other workloads held (an interrupted run). */
  public RunHistory(
      String runId,
      String taskId,
      String status,
      String schedule,
      MemorySize budget,
      Instant startedAt,
      Instant finishedAt,
      long durationSeconds,
      List<BatchHistory> batches) {
    this(
        runId,
        taskId,
        status,
        schedule,
        budget,
        startedAt,
        finishedAt,
        durationSeconds,
        batches,
        0);
  }

  /**
   * One batch: final_status is success, failed, oom_killed, timeout, rejected, not_started,
   * skipped, cancelled or interrupted; reason says why a skipped batch never started, why a
   * cancelled one was cancelled, or which failure rule settled it before its retries ran out, else
   * null.
   */
  public record BatchHistory(
      String batchId,
      int waveNumber,
      String finalStatus,
      String reason,
      List<AttemptHistory> attempts) {

    public BatchHistory {
      attempts = List.copyOf(attempts);
    }

    public BatchHistory(
        String batchId, int waveNumber, String finalStatus, List<AttemptHistory> attempts) {
      this(batchId, waveNumber, finalStatus, null, attempts);
    }

    public boolean skipped() {
      return SKIPPED.equals(finalStatus);
    }

    public boolean cancelled() {
      return CANCELLED.equals(finalStatus);
    }

    public AttemptHistory last() {
      return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    }

    public boolean succeeded() {
      return "success".equals(finalStatus);
    }
  }

  /**
   * One attempt (one container). Times from the journal, to the millisecond: queued (its wave
   * opened, or its previous attempt ended), admitted (memory reserved, launch begins), launched
   * (its container was started), ended (the run saw it end and released its memory); started and
   * completed are the container's own times, to the second. Any may be null when the journal does
   * not say; {@code peakMemory} is null until peak sampling records it.
   *
   * @param log the saved log in the run folder, or null when none was kept
   * @param node the node that ran it, when the backend said (swarm)
   * @param output its output folder and result file, null when the run gave it none
   * @param rule the failure rule that fired when it ended, null when none did
   */
  public record AttemptHistory(
      int number,
      String name,
      String handle,
      Integer tier,
      MemorySize memoryLimit,
      Instant queuedAt,
      Instant admittedAt,
      Instant launchedAt,
      Instant startedAt,
      Instant completedAt,
      Instant endedAt,
      Long exitCode,
      ExitStatus exitStatus,
      String error,
      Path log,
      MemorySize peakMemory,
      String node,
      String image,
      String imageDigest,
      AttemptOutput output,
      FailureRule rule) {

    /** Without a failure rule. */
    public AttemptHistory(
        int number,
        String name,
        String handle,
        Integer tier,
        MemorySize memoryLimit,
        Instant queuedAt,
        Instant admittedAt,
        Instant launchedAt,
        Instant startedAt,
        Instant completedAt,
        Instant endedAt,
        Long exitCode,
        ExitStatus exitStatus,
        String error,
        Path log,
        MemorySize peakMemory,
        String node,
        String image,
        String imageDigest,
        AttemptOutput output) {
      this(
          number,
          name,
          handle,
          tier,
          memoryLimit,
          queuedAt,
          admittedAt,
          launchedAt,
          startedAt,
          completedAt,
          endedAt,
          exitCode,
          exitStatus,
          error,
          log,
          peakMemory,
          node,
          image,
          imageDigest,
          output,
          null);
    }

    /** Without an output folder. */
    public AttemptHistory(
        int number,
        String name,
        String handle,
        Integer tier,
        MemorySize memoryLimit,
        Instant queuedAt,
        Instant admittedAt,
        Instant launchedAt,
        Instant startedAt,
        Instant completedAt,
        Instant endedAt,
        Long exitCode,
        ExitStatus exitStatus,
        String error,
        Path log,
        MemorySize peakMemory,
        String node,
        String image,
        String imageDigest) {
      this(
          number,
          name,
          handle,
          tier,
          memoryLimit,
          queuedAt,
          admittedAt,
          launchedAt,
          startedAt,
          completedAt,
          endedAt,
          exitCode,
          exitStatus,
          error,
          log,
          peakMemory,
          node,
          image,
          imageDigest,
          null);
    }

    /** The summary its result file gave, or null. */
    public String summary() {
      return output == null ? null : output.summary();
    }

    /**
     * success, failed, oom_killed, timeout, or interrupted (stopped by the run, or never ended).
     */
    public String outcome() {
      return exitStatus == null || INTERRUPTED.equals(error) ? INTERRUPTED : exitStatus.wireName();
    }

    /** When its container began to run: launched, else the container's start, else null. */
    public Instant runningFrom() {
      return launchedAt != null ? launchedAt : startedAt;
    }

    /** How long its container ran, zero when it never started. */
    public Duration running(Instant runEnd) {
      Instant from = runningFrom();
      if (from == null) {
        return Duration.ZERO;
      }
      Instant end = releasedAt(runEnd);
      return end.isBefore(from) ? Duration.ZERO : Duration.between(from, end);
    }

    /** When it stopped holding memory: ended, else completed, else the run's end. */
    public Instant releasedAt(Instant runEnd) {
      return endedAt != null ? endedAt : completedAt != null ? completedAt : runEnd;
    }
  }

  /** Waves in run order, with their batches. */
  public List<Integer> waveNumbers() {
    return batches.stream().map(BatchHistory::waveNumber).distinct().toList();
  }

  public List<BatchHistory> wave(int waveNumber) {
    return batches.stream().filter(b -> b.waveNumber() == waveNumber).toList();
  }

  /** The memory reserved over time: one step per admission and release, in time order. */
  public List<MemoryStep> reservedSteps() {
    return steps(AttemptHistory::memoryLimit);
  }

  /**
   * The measured peaks of the attempts holding memory, added up, over the same steps: at most what
   * they used at once. Empty when no attempt has a measured peak.
   */
  public List<MemoryStep> measuredSteps() {
    boolean measured =
        batches.stream().flatMap(b -> b.attempts().stream()).anyMatch(a -> a.peakMemory() != null);
    return measured ? steps(AttemptHistory::peakMemory) : List.of();
  }

  private List<MemoryStep> steps(java.util.function.Function<AttemptHistory, MemorySize> size) {
    TreeMap<Instant, Long> changes = new TreeMap<>();
    for (BatchHistory b : batches) {
      for (AttemptHistory a : b.attempts()) {
        MemorySize held = size.apply(a);
        if (a.admittedAt() == null || held == null) {
          continue;
        }
        changes.merge(a.admittedAt(), held.bytes(), Long::sum);
        changes.merge(a.releasedAt(finishedAt), -held.bytes(), Long::sum);
      }
    }
    List<MemoryStep> steps = new ArrayList<>();
    long reserved = 0;
    for (var change : changes.entrySet()) {
      reserved += change.getValue();
      steps.add(new MemoryStep(change.getKey(), reserved));
    }
    return steps;
  }

  /** The most memory reserved at once, in bytes. */
  public long peakReserved() {
    return reservedSteps().stream().mapToLong(MemoryStep::reservedBytes).max().orElse(0);
  }

  /** From this instant on, this much memory was reserved. */
  public record MemoryStep(Instant at, long reservedBytes) {}

  /** The first instant anything happened: the run's start, or its earliest attempt. */
  public Instant earliest() {
    return batches.stream()
        .flatMap(b -> b.attempts().stream())
        .map(a -> a.queuedAt() != null ? a.queuedAt() : a.admittedAt())
        .filter(t -> t != null)
        .min(Comparator.naturalOrder())
        .filter(t -> t.isBefore(startedAt))
        .orElse(startedAt);
  }
}
