package dev.cfnwave.run;

import dev.cfnwave.cleanup.LogPolicy;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.spawn.SpawnSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Everything a run needs beyond the plan. waveTimeout applies to each wave from its first start;
 * batchTimeout (nullable) to each container from its start.
 */
public record RunSettings(
    SpawnSettings spawn,
    List<Integer> waves,
    Schedule schedule,
    MemorySize memoryBudget,
    Duration waveTimeout,
    Duration batchTimeout,
    Duration stopGrace,
    Duration pollInterval,
    boolean keepGoing,
    int retries,
    Set<ExitStatus> retryOn,
    Duration backoff,
    boolean escalateMemory,
    LogPolicy logPolicy,
    long maxLogBytes,
    Path runDirectory) {

  public RunSettings {
    waves = waves == null ? null : List.copyOf(waves);
    retryOn = Set.copyOf(retryOn);
    if (retries < 0) {
      throw new IllegalArgumentException("retries must not be negative");
    }
    if (maxLogBytes < 0) {
      throw new IllegalArgumentException("maxLogBytes must not be negative");
    }
  }

  public boolean includesWave(int waveNumber) {
    return waves == null || waves.contains(waveNumber);
  }
}
