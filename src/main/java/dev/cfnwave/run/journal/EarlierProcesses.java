package dev.cfnwave.run.journal;

import dev.cfnwave.plan.MemorySize;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a resumed run's journal says about the processes before this one: when the run started and
 * the most memory its attempts held at once, so that the report covers the whole run.
 */
public record EarlierProcesses(Optional<Instant> startedAt, long peakReserved) {

  public static EarlierProcesses of(List<JournalEntry> journal) {
    Optional<Instant> startedAt =
        journal.stream()
            .filter(e -> JournalEntry.RUN_STARTED.equals(e.type()) && e.at() != null)
            .findFirst()
            .map(e -> Instant.parse(e.at()));
    return new EarlierProcesses(startedAt, peakReserved(journal));
  }

  /**
   * Replays the journal's reservations: an attempt holds its limit from the line that says it is
   * starting to the line that says it ended, as the run's budget did.
   */
  private static long peakReserved(List<JournalEntry> journal) {
    Map<String, Long> held = new HashMap<>();
    long inUse = 0;
    long peak = 0;
    for (JournalEntry e : journal) {
      if (e.name() == null || e.memoryLimit() == null) {
        continue;
      }
      if (JournalEntry.ATTEMPT_STARTING.equals(e.type()) && !held.containsKey(e.name())) {
        long limit = MemorySize.parse(e.memoryLimit()).bytes();
        held.put(e.name(), limit);
        inUse += limit;
        peak = Math.max(peak, inUse);
      } else if ((JournalEntry.ATTEMPT_ENDED.equals(e.type())
              || JournalEntry.ATTEMPT_REQUEUED.equals(e.type()))
          && held.containsKey(e.name())) {
        inUse -= held.remove(e.name());
      }
    }
    return peak;
  }
}
