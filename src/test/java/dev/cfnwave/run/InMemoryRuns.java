package dev.cfnwave.run;

import dev.cfnwave.attempt.LogPolicy;
import dev.cfnwave.attempt.SpawnSettings;
import dev.cfnwave.backend.ContainerSecurity;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.RunReport;
import dev.cfnwave.run.journal.JournalEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the run-loop tests on the in-memory backend share: tier 1 of 100m, a batch whose prompt is
 * its fake-engine behaviour, settings with a 1g budget and no retries, and each batch's result.
 */
final class InMemoryRuns {

  static final TierTable TIERS = TierTable.fromEnvironment(Map.of("CFN_TIER_1_MEMORY", "100m"));

  private InMemoryRuns() {}

  /**
   * A tier-1 batch whose fake-engine behaviour is {@code prompt}, depending on {@code dependsOn}.
   */
  static Batch batch(String id, String prompt, String... dependsOn) {
    return new Batch(
        id, 1, MemorySize.parse("100m"), List.of(), prompt, null, null, List.of(dependsOn));
  }

  /** A 1g budget, a minute per wave, no stop grace, no retries, logs of failures kept. */
  static RunSettings.Builder settings(Path runDirectory) {
    return RunSettings.builder(
            new SpawnSettings(
                "fake:latest", null, null, Map.of(), 4, "unit", false, ContainerSecurity.DEFAULT),
            runDirectory)
        .memoryBudget(MemorySize.parse("1g"))
        .waveTimeout(Duration.ofMinutes(1))
        .stopGrace(Duration.ZERO)
        .pollInterval(Duration.ofMillis(50))
        .retries(0, Set.of(ExitStatus.FAILED), Duration.ZERO)
        .logs(LogPolicy.FAILED, 1 << 20);
  }

  /**
   * Each batch's final status, with its reason when it has one ("skipped: dependency a failed").
   */
  static Map<String, String> results(RunOutcome outcome) {
    Map<String, String> results = new TreeMap<>();
    for (RunReport.BatchReport b : outcome.report().batches()) {
      results.put(b.batchId(), b.finalStatus() + (b.reason() == null ? "" : ": " + b.reason()));
    }
    return results;
  }

  /** How many lines of this type the journal has for the batch. */
  static long count(List<JournalEntry> entries, String type, String batchId) {
    return entries.stream()
        .filter(e -> e.type().equals(type) && batchId.equals(e.batchId()))
        .count();
  }
}
