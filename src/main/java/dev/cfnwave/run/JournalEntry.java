package dev.cfnwave.run;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One line of a run's journal; which fields are set depends on the type. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JournalEntry(
    String type,
    String at,
    String batchId,
    Integer attempt,
    String containerName,
    String containerId,
    Integer tier,
    String memoryLimit,
    Long exitCode,
    String exitStatus,
    String error,
    String startedAt,
    String completedAt) {

  /** Written before a container is created: on resume, look for a container of this name. */
  static final String ATTEMPT_STARTING = "attempt_starting";

  static final String ATTEMPT_STARTED = "attempt_started";

  /**
   * Written before the orchestrator stops a container (error: a {@link StopReason}), so that a
   * resume after a crash tells a container it stopped from one that failed.
   */
  static final String ATTEMPT_STOPPING = "attempt_stopping";

  /** The attempt's container ended (or could not start, or was interrupted). */
  static final String ATTEMPT_ENDED = "attempt_ended";

  /** The batch has its one final result. */
  static final String BATCH_SETTLED = "batch_settled";

  static final String RUN_STARTED = "run_started";
  static final String RUN_FINISHED = "run_finished";

  static JournalEntry of(String type, java.time.Instant at) {
    return new JournalEntry(
        type, at.toString(), null, null, null, null, null, null, null, null, null, null, null);
  }
}
