package dev.cfnwave.run.admission;

import dev.cfnwave.event.WaveListener;
import dev.cfnwave.run.RunSteps;
import dev.cfnwave.run.journal.BatchRun;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which eligible candidates one admission pass launches. Candidates go in order; each that fits
 * starts. One that does not fit is held, from the first pass at which it did not fit until it
 * starts; later candidates that fit may start before it (pass it) while it has been held less than
 * the backfill limit. Once it has been held that long nothing passes it, so memory drains until it
 * fits: a batch first in line waits at most the limit plus the longest remaining runtime of what
 * was running then. A limit of zero is strict order: the first that does not fit ends the pass. The
 * run ({@link RunSteps#admit}) and the what-if ({@link AdmissionReplay}) both admit through this
 * class; they differ only in their clock and in how they launch.
 */
public final class Backfill {

  /**
   * Reserves a candidate's memory and launches it; false, reserving nothing, when it does not fit.
   */
  @FunctionalInterface
  public interface Launch {
    boolean tryLaunch(BatchRun batch);
  }

  private final Duration limit;
  private final WaveListener listener;
  private final Map<BatchRun, Instant> heldSince = new HashMap<>();
  private final Set<BatchRun> passed = new HashSet<>();
  private final Set<BatchRun> closed = new HashSet<>();

  public Backfill(Duration limit, WaveListener listener) {
    if (limit.isNegative()) {
      throw new IllegalArgumentException("the backfill limit must not be negative");
    }
    this.limit = limit;
    this.listener = listener;
  }

  /**
   * One pass over the eligible candidates, in their order.
   *
   * @return whether it launched any
   */
  public boolean pass(List<BatchRun> eligible, Instant now, Launch launch) {
    return pass(eligible, now, launch, b -> false);
  }

  /**
   * One pass, in which a candidate that is {@code blocked} at its turn (no free slot in a pool it
   * uses) is neither launched nor held: it does not wait for memory, so nothing waits for it.
   *
   * @return whether it launched any
   */
  public boolean pass(
      List<BatchRun> eligible, Instant now, Launch launch, Predicate<BatchRun> blocked) {
    boolean launched = false;
    List<BatchRun> held = new ArrayList<>();
    for (BatchRun b : eligible) {
      if (blocked.test(b)) {
        continue;
      }
      if (launch.tryLaunch(b)) {
        launched = true;
        started(b);
        held.forEach(this::passedBy);
      } else if (closes(b, now)) {
        break;
      } else {
        held.add(b);
      }
    }
    return launched;
  }

  /**
   * Whether a pass could launch anything, judging each candidate by {@code fits} alone (no
   * reservation): lets the run keep out of the host's admission turn when it could not.
   */
  public boolean mayLaunchAny(List<BatchRun> eligible, Instant now, Predicate<BatchRun> fits) {
    for (BatchRun b : eligible) {
      if (fits.test(b)) {
        return true;
      }
      if (closes(b, now)) {
        return false;
      }
    }
    return false;
  }

  /** Holds a candidate that does not fit; true once it has been held the limit (none pass it). */
  private boolean closes(BatchRun b, Instant now) {
    Instant since = heldSince.computeIfAbsent(b, x -> now);
    if (Duration.between(since, now).compareTo(limit) < 0) {
      return false;
    }
    if (passed.contains(b) && closed.add(b)) {
      listener.info(
          b.nextShape().batchId()
              + " has waited "
              + seconds(limit)
              + ": no batch passes it until it starts");
    }
    return true;
  }

  private void passedBy(BatchRun b) {
    if (passed.add(b)) {
      listener.info(
          b.nextShape().batchId()
              + " ("
              + b.nextShape().memoryLimit().dockerForm()
              + ") waits for memory; smaller batches may pass it for up to "
              + seconds(limit));
    }
  }

  private void started(BatchRun b) {
    heldSince.remove(b);
    passed.remove(b);
    closed.remove(b);
  }

  private static String seconds(Duration d) {
    return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString() + "s";
  }
}
