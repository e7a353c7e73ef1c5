package dev.cfnwave.run;

import dev.cfnwave.plan.BatchGroup;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.run.journal.BatchRun;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Best-of-N: which batches are cancelled because their group (the plan's {@code groups}) or the run
 * (--halt success=N) had the successes it needed. Holds no state of its own: it reads the batches'
 * outcomes, so a resumed run, whose batches were replayed from the journal, answers the same.
 */
final class EnoughSuccesses {

  /** A batch to cancel, and why. {@code stopRunning}: stop its running attempt too. */
  record Due(BatchRun batch, String reason, boolean stopRunning) {}

  private final List<BatchRun> batches;
  private final Map<BatchRun, BatchGroup> groupOf = new HashMap<>();
  private final Map<String, List<BatchRun>> members = new HashMap<>();
  private final Halt halt;

  EnoughSuccesses(List<BatchGroup> groups, Halt halt, List<BatchRun> batches) {
    this.batches = List.copyOf(batches);
    this.halt = halt;
    Map<String, BatchRun> byId = new HashMap<>();
    batches.forEach(b -> byId.put(b.batch.batchId(), b));
    for (BatchGroup group : groups) {
      List<BatchRun> inRun = new ArrayList<>();
      for (String id : group.batchIds()) {
        BatchRun b = byId.get(id);
        if (b != null) {
          inRun.add(b);
          groupOf.put(b, group);
        }
      }
      members.put(group.name(), inRun);
    }
  }

  /** Whether the run has any group or a --halt. */
  boolean any() {
    return halt != null || !groupOf.isEmpty();
  }

  /** The batches not done yet that are to be cancelled now, in plan order. */
  List<Due> due() {
    if (!any()) {
      return List.of();
    }
    Counts counts = count();
    List<Due> due = new ArrayList<>();
    for (BatchRun b : batches) {
      String reason = b.isDone() ? null : counts.reasonFor(b);
      if (reason != null) {
        due.add(new Due(b, reason, counts.groupDone(b) || counts.haltedNow()));
      }
    }
    return due;
  }

  /**
   * Why this batch is cancelled: its group had its successes, or the run had; null while neither.
   */
  String reasonFor(BatchRun b) {
    return any() ? count().reasonFor(b) : null;
  }

  private Counts count() {
    Map<String, Long> byGroup = new HashMap<>();
    members.forEach((name, runs) -> byGroup.put(name, succeeded(runs)));
    return new Counts(succeeded(batches), byGroup);
  }

  /** The successes of the run and of each group, counted once per question. */
  private final class Counts {
    private final long run;
    private final Map<String, Long> byGroup;

    Counts(long run, Map<String, Long> byGroup) {
      this.run = run;
      this.byGroup = byGroup;
    }

    String reasonFor(BatchRun b) {
      if (groupDone(b)) {
        BatchGroup group = groupOf.get(b);
        return "group " + group.name() + " had its " + successes(group.need());
      }
      if (halt != null && run >= halt.successes()) {
        return "the run had its " + successes(halt.successes()) + " (--halt)";
      }
      return null;
    }

    boolean groupDone(BatchRun b) {
      BatchGroup group = groupOf.get(b);
      return group != null && byGroup.get(group.name()) >= group.need();
    }

    boolean haltedNow() {
      return halt != null && halt.now() && run >= halt.successes();
    }
  }

  private static long succeeded(List<BatchRun> runs) {
    return runs.stream().filter(b -> b.finalStatus() == ExitStatus.SUCCESS).count();
  }

  private static String successes(int n) {
    return n + (n == 1 ? " success" : " successes");
  }
}
