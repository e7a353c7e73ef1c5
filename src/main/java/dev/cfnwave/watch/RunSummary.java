package dev.cfnwave.watch;

import java.util.Map;

/**
 * One run of a runs folder, as {@code cfn-wave runs} lists it.
 *
 * @param state running, finished, crashed, or unreadable (then {@code error} says why)
 * @param outcome how it ended (succeeded, failed, timeout, interrupted, tool_failure); null while
 *     it runs
 * @param batches how many batches stand where (see {@link BatchPhase}), by phase
 * @param durationSeconds from its start to its end, or to now while it runs
 */
public record RunSummary(
    String runId,
    String taskId,
    String startedAt,
    String state,
    String outcome,
    Map<String, Integer> batches,
    Long durationSeconds,
    String error) {}
