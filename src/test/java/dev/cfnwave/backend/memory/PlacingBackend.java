package dev.cfnwave.backend.memory;

import dev.cfnwave.backend.AttemptPhase;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.BackendCapabilities;
import dev.cfnwave.backend.CfnLabels;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link InMemoryBackend} that, as Swarm does, starts a launched attempt only when it is placed:
 * the attempts of a held batch are PENDING with a reason until {@link #place}, and those of a
 * rejected batch end REJECTED with an error, without running. For unit tests of what the run does
 * with pending and rejected attempts.
 */
public final class PlacingBackend extends DelegatingBackend {

  private final Map<String, String> held = new ConcurrentHashMap<>();
  private final Map<String, Instant> placed = new ConcurrentHashMap<>();
  private final Map<String, String> rejected = new ConcurrentHashMap<>();

  public PlacingBackend(InMemoryBackend backend) {
    super(backend);
  }

  /** The batch's attempts stay pending, for this reason, until placed. */
  public void hold(String batchId, String reason) {
    held.put(batchId, reason);
  }

  /** The batch's held attempts start running, from {@code at}. */
  public void place(String batchId, Instant at) {
    placed.put(batchId, at);
    held.remove(batchId);
  }

  /** The batch's attempts are rejected with this error. */
  public void reject(String batchId, String error) {
    rejected.put(batchId, error);
  }

  @Override
  protected AttemptStatus view(AttemptStatus s) {
    String batchId = s.labels().get(CfnLabels.BATCH_ID);
    if (batchId == null) {
      return s;
    }
    if (rejected.containsKey(batchId)) {
      return s.with(
          AttemptPhase.REJECTED,
          "rejected",
          null,
          false,
          rejected.get(batchId),
          s.startedAt(),
          null);
    }
    if (held.containsKey(batchId)) {
      return s.hasEnded()
          ? s.with(AttemptPhase.ENDED, "stopped", null, false, null, null, null)
          : s.with(AttemptPhase.PENDING, "pending", null, false, held.get(batchId), null, null);
    }
    Instant at = placed.get(batchId);
    if (at != null) {
      return s.with(s.phase(), s.state(), s.exitCode(), false, s.error(), at, null);
    }
    return s;
  }

  @Override
  public BackendCapabilities capabilities() {
    return super.capabilities().placedLater();
  }

  @Override
  public String describe() {
    return "placing " + super.describe();
  }

  /** As Swarm's: not known. */
  @Override
  public OptionalLong peakMemory(String handle) {
    return OptionalLong.empty();
  }
}
