package dev.cfnwave.run;

import dev.cfnwave.run.journal.Attempt;
import dev.cfnwave.run.journal.BatchRun;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How long a run has left. When every unfinished batch has an expected duration (the plan's
 * expected_seconds or what earlier runs took), each wave lasts at least its longest batch and at
 * least its memory-weighted work over the budget; waves follow one another under the waves schedule
 * and share the budget under the continuous one. Otherwise the pace so far is applied to what is
 * left; before the first batch is done nothing tells.
 */
record RunEta(Map<String, Duration> estimates, long budget, boolean barrier) {

  RunEta {
    estimates = Map.copyOf(estimates);
  }

  /** Nothing known ahead: the pace so far only. */
  static RunEta paceOnly() {
    return new RunEta(Map.of(), 0, true);
  }

  Duration of(List<BatchRun> batches, Instant now, Duration elapsed) {
    List<BatchRun> left = batches.stream().filter(b -> !b.isDone()).toList();
    if (left.isEmpty()) {
      return Duration.ZERO;
    }
    boolean known = budget > 0 && left.stream().allMatch(b -> estimates.containsKey(id(b)));
    return known ? fromEstimates(left, now) : fromPace(batches.size(), left.size(), elapsed);
  }

  private Duration fromEstimates(List<BatchRun> left, Instant now) {
    Map<Integer, Lane> lanes = new TreeMap<>();
    for (BatchRun b : left) {
      Duration remaining = remaining(b, now);
      lanes
          .computeIfAbsent(barrier ? b.waveNumber : 0, n -> new Lane())
          .add(remaining, b.nextShape().memoryLimit().bytes());
    }
    return lanes.values().stream().map(Lane::length).reduce(Duration.ZERO, Duration::plus);
  }

  private Duration remaining(BatchRun b, Instant now) {
    Duration expected = estimates.get(id(b));
    Attempt current = b.current();
    if (b.state() == BatchRun.State.RUNNING && current != null && current.startedAt != null) {
      Duration ran = Duration.between(current.startedAt, now);
      return ran.compareTo(expected) >= 0 ? Duration.ZERO : expected.minus(ran);
    }
    return expected;
  }

  private static Duration fromPace(int total, int left, Duration elapsed) {
    int done = total - left;
    return done == 0 ? null : elapsed.multipliedBy(left).dividedBy(done);
  }

  private static String id(BatchRun b) {
    return b.batch.batchId();
  }

  /** Batches that share the budget at once: as long as the longest, or their work over it. */
  private final class Lane {
    private Duration longest = Duration.ZERO;
    private double byteSeconds;

    void add(Duration remaining, long bytes) {
      longest = remaining.compareTo(longest) > 0 ? remaining : longest;
      byteSeconds += remaining.toMillis() / 1000.0 * bytes;
    }

    Duration length() {
      Duration packed = Duration.ofMillis(Math.round(byteSeconds / budget * 1000));
      return packed.compareTo(longest) > 0 ? packed : longest;
    }
  }
}
