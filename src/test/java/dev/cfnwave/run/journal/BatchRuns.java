package dev.cfnwave.run.journal;

import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.report.ExitStatus;
import java.time.Instant;
import java.util.List;

/** Batches taken to a state through their own transitions, for unit tests. */
public final class BatchRuns {

  public static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  private BatchRuns() {}

  public static BatchRun pending(String id, int wave) {
    return new BatchRun(new Batch(id, 1, MemorySize.parse("100m"), List.of(), ""), wave, 0);
  }

  public static BatchRun running(String id, int wave) {
    BatchRun b = pending(id, wave);
    b.starting(new Attempt(1, b.nextShape(), "c-" + id), AT);
    b.started("id-" + id, AT, AT);
    return b;
  }

  public static BatchRun ended(String id, int wave, ExitStatus status) {
    BatchRun b = running(id, wave);
    b.ended(
        new AttemptEnd("id-" + id, status == ExitStatus.SUCCESS ? 0L : 1L, status, null, AT, AT),
        AT);
    return b;
  }

  public static BatchRun settled(String id, int wave, ExitStatus status) {
    BatchRun b = ended(id, wave, status);
    b.settle(AT);
    return b;
  }
}
