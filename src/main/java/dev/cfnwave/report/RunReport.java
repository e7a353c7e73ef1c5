package dev.cfnwave.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * run's final report: every batch with every attempt, the run's totals, and its pools (absent when
 * the plan has none).
 */
public record RunReport(
    String runId,
    String taskId,
    String status,
    String schedule,
    String memoryBudget,
    String peakMemoryReserved,
    String peakMemoryHeldByOthers,
    String startedAt,
    String finishedAt,
    long durationSeconds,
    Metrics metrics,
    List<BatchReport> batches,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, BigDecimal> usage,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PoolReport> pools) {

  public RunReport {
    batches = List.copyOf(batches);
    usage = usage == null ? Map.of() : usage;
    pools = pools == null ? List.of() : List.copyOf(pools);
  }

  /** With the usage of its batches added up (empty when none reported any), and the pools. */
  public RunReport(
      String runId,
      String taskId,
      String status,
      String schedule,
      String memoryBudget,
      String peakMemoryReserved,
      String peakMemoryHeldByOthers,
      String startedAt,
      String finishedAt,
      long durationSeconds,
      Metrics metrics,
      List<BatchReport> batches,
      List<PoolReport> pools) {
    this(
        runId,
        taskId,
        status,
        schedule,
        memoryBudget,
        peakMemoryReserved,
        peakMemoryHeldByOthers,
        startedAt,
        finishedAt,
        durationSeconds,
        metrics,
        batches,
        Usage.sum(batches.stream().map(BatchReport::usage)),
        pools);
  }

  /** With the usage of its batches added up, and no pools. */
  public RunReport(
      String runId,
      String taskId,
      String status,
      String schedule,
      String memoryBudget,
      String peakMemoryReserved,
      String peakMemoryHeldByOthers,
      String startedAt,
      String finishedAt,
      long durationSeconds,
      Metrics metrics,
      List<BatchReport> batches) {
    this(
        runId,
        taskId,
        status,
        schedule,
        memoryBudget,
        peakMemoryReserved,
        peakMemoryHeldByOthers,
        startedAt,
        finishedAt,
        durationSeconds,
        metrics,
        batches,
        List.of());
  }

  /**
   * A pool at the end of the run: its limit then (lowered by rate limits, raised by successes), the
   * limit it started from, and how many of the run's attempts using it were rate limited.
   */
  public record PoolReport(String name, int limit, int configuredLimit, long rateLimitedAttempts) {}

  /**
   * Counts of batches by final status (failed counts rejected ones too), and of attempts
   * (containers) in all.
   */
  public record Metrics(
      int batches,
      int succeeded,
      int failed,
      int oomKilled,
      int timeout,
      int notStarted,
      int skipped,
      int interrupted,
      int attempts,
      int cancelled) {

    /** Counts without cancelled batches (a run without best-of-N groups or --halt has none). */
    public Metrics(
        int batches,
        int succeeded,
        int failed,
        int oomKilled,
        int timeout,
        int notStarted,
        int skipped,
        int interrupted,
        int attempts) {
      this(
          batches,
          succeeded,
          failed,
          oomKilled,
          timeout,
          notStarted,
          skipped,
          interrupted,
          attempts,
          0);
    }

    /** Counts without skipped batches (a run without dependencies has none). */
    public Metrics(
        int batches,
        int succeeded,
        int failed,
        int oomKilled,
        int timeout,
        int notStarted,
        int interrupted,
        int attempts) {
      this(batches, succeeded, failed, oomKilled, timeout, notStarted, 0, interrupted, attempts);
    }
  }

  /**
   * One batch: final_status is success, failed, oom_killed, timeout, rejected, not_started,
   * skipped, cancelled or interrupted; reason says why a skipped batch never started, why a
   * cancelled one was cancelled, or which failure rule settled it before its retries ran out (else
   * it is left out).
   */
  public record BatchReport(
      String batchId,
      int waveNumber,
      String finalStatus,
      @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
      List<AttemptReport> attempts,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, BigDecimal> usage) {

    public BatchReport {
      attempts = List.copyOf(attempts);
      usage = usage == null ? Map.of() : usage;
    }

    /** With the usage its attempts' result files reported, added up. */
    public BatchReport(
        String batchId,
        int waveNumber,
        String finalStatus,
        String reason,
        List<AttemptReport> attempts) {
      this(
          batchId,
          waveNumber,
          finalStatus,
          reason,
          attempts,
          Usage.sum(attempts.stream().map(a -> Usage.of(a.output()))));
    }

    public BatchReport(
        String batchId, int waveNumber, String finalStatus, List<AttemptReport> attempts) {
      this(batchId, waveNumber, finalStatus, null, attempts);
    }
  }

  /**
   * One container run for a batch; image: its image as written, image_digest: the registry digest
   * or local image id it ran (null when not pinned, and both null in runs from before images);
   * node: where it ran (Swarm), else null; peak_memory_bytes is the highest memory it was seen
   * using, null when not measured; output: its output folder and result file (absent when the run
   * gave it none); rule: the failure rule that fired when it ended (absent when none did).
   */
  public record AttemptReport(
      int attempt,
      String containerName,
      String containerId,
      Integer tier,
      String memoryLimit,
      String image,
      String imageDigest,
      String startedAt,
      String completedAt,
      Long exitCode,
      String exitStatus,
      @JsonInclude(JsonInclude.Include.NON_NULL) String error,
      String node,
      Long peakMemoryBytes,
      @JsonInclude(JsonInclude.Include.NON_NULL) AttemptOutput output,
      @JsonInclude(JsonInclude.Include.NON_NULL) FailureRule rule) {

    /** Without a failure rule. */
    public AttemptReport(
        int attempt,
        String containerName,
        String containerId,
        Integer tier,
        String memoryLimit,
        String image,
        String imageDigest,
        String startedAt,
        String completedAt,
        Long exitCode,
        String exitStatus,
        String error,
        String node,
        Long peakMemoryBytes,
        AttemptOutput output) {
      this(
          attempt,
          containerName,
          containerId,
          tier,
          memoryLimit,
          image,
          imageDigest,
          startedAt,
          completedAt,
          exitCode,
          exitStatus,
          error,
          node,
          peakMemoryBytes,
          output,
          null);
    }

    /** Without an output folder. */
    public AttemptReport(
        int attempt,
        String containerName,
        String containerId,
        Integer tier,
        String memoryLimit,
        String image,
        String imageDigest,
        String startedAt,
        String completedAt,
        Long exitCode,
        String exitStatus,
        String error,
        String node,
        Long peakMemoryBytes) {
      this(
          attempt,
          containerName,
          containerId,
          tier,
          memoryLimit,
          image,
          imageDigest,
          startedAt,
          completedAt,
          exitCode,
          exitStatus,
          error,
          node,
          peakMemoryBytes,
          null,
          null);
    }
  }
}
