package dev.cfnwave.backend;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One attempt as the backend sees it. From {@link Backend#status} it is authoritative; in a listing
 * the exit code is only a hint and OOM is not known.
 *
 * @param handle the opaque handle the launch returned
 * @param name the attempt's deterministic name
 * @param state the backend's own word for it (Docker: exited, running, dead ...), for documents
 * @param exitCode null while it runs, or when the backend does not know it
 * @param oomKilled the out-of-memory killer ended it, when the backend knows
 * @param error the backend's own reason when it could not run (or, pending, why it waits), else
 *     null
 * @param volumes storage the backend made for it and removes with it
 * @param node the node that ran it (Swarm: its hostname), null while unplaced or on one engine
 */
public record AttemptStatus(
    String handle,
    String name,
    AttemptPhase phase,
    String state,
    Long exitCode,
    boolean oomKilled,
    String error,
    Instant startedAt,
    Instant finishedAt,
    Map<String, String> labels,
    int volumes,
    String node) {

  public AttemptStatus {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /** The same status, placed on this node. */
  public AttemptStatus onNode(String nodeName) {
    return with(phase, state, exitCode, oomKilled, error, startedAt, nodeName);
  }

  /** The same ended attempt with what the node's engine said of the OOM killer, and why. */
  public AttemptStatus withOomVerdict(boolean oomKilled, String error) {
    return with(phase, state, exitCode, oomKilled, error, startedAt, node);
  }

  /**
   * The same attempt (handle, name, end, labels, volumes) with these fields: where it is in its
   * life, as a test backend or a second look at the node sees it.
   */
  public AttemptStatus with(
      AttemptPhase phase,
      String state,
      Long exitCode,
      boolean oomKilled,
      String error,
      Instant startedAt,
      String node) {
    return new AttemptStatus(
        handle,
        name,
        phase,
        state,
        exitCode,
        oomKilled,
        error,
        startedAt,
        finishedAt,
        labels,
        volumes,
        node);
  }

  /** Ended, whether it ran or was rejected. */
  public boolean hasEnded() {
    return phase == AttemptPhase.ENDED || phase == AttemptPhase.REJECTED;
  }

  public Optional<String> label(String key) {
    return Optional.ofNullable(labels.get(key));
  }
}
