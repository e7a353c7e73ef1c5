package dev.cfnwave.watch;

import java.util.List;
import java.util.Map;

/**
 * What {@code cfn-wave status} says of a run: what runs, what waits, what ended, the memory held
 * against the budget and when it should finish; from the run folder, checked with the engine where
 * one answered.
 *
 * @param state running, finished or crashed ({@link RunState})
 * @param outcome how it ended, null while it runs
 * @param ended the settled (and, once the run stopped, not started or interrupted) batches' ids, by
 *     outcome
 * @param retries attempts beyond each batch's first, over all batches
 */
public record LiveStatus(
    String runId,
    String runDir,
    String taskId,
    String state,
    String outcome,
    String startedAt,
    long elapsedSeconds,
    Engine engine,
    Counts batches,
    List<Running> running,
    List<Waiting> waiting,
    Map<String, List<String>> ended,
    int retries,
    Memory memory,
    Eta eta) {

  /**
   * Whether the engine was asked about the attempts the journal has not seen end, and what it said.
   *
   * @param consulted false: from the journal alone ({@code note} says why)
   */
  public record Engine(boolean consulted, String backend, String note) {}

  public record Counts(int total, int running, int waiting, int ended) {}

  /**
   * An attempt the journal has not seen end.
   *
   * @param phase running, or launching (its memory reserved, its launch not done)
   * @param since when it was launched (launching: when its memory was reserved)
   * @param engineState what the engine says of it (running, exited, ..., gone when it does not know
   *     it); null when the engine was not asked
   * @param expectedSeconds how long it is expected to run, null when unknown
   */
  public record Running(
      String batchId,
      int wave,
      int attempt,
      String attemptName,
      String handle,
      String phase,
      String since,
      long runningSeconds,
      String memoryLimit,
      Long expectedSeconds,
      String engineState) {}

  /**
   * A batch waiting for its next attempt.
   *
   * @param previous the outcome of its last attempt (it waits to retry), null before its first
   */
  public record Waiting(String batchId, int wave, int nextAttempt, String previous) {}

  /** The memory limits of the attempts holding memory now, against the run's budget. */
  public record Memory(long reservedBytes, String reserved, Long budgetBytes, String budget) {}

  /**
   * When the run should finish, and how that was estimated.
   *
   * @param seconds from now; null when it cannot be told (no estimates, or the run is not running)
   * @param withoutEstimate batches left to run that no estimate covers (left out of the ETA)
   */
  public record Eta(Long seconds, String finishesAt, String method, int withoutEstimate) {}
}
