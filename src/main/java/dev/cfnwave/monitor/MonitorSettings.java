package dev.cfnwave.monitor;

import dev.cfnwave.attempt.LogKeeper;
import java.time.Duration;
import java.util.Optional;

/** How long and how often to watch, which wave to keep, and where logs go when preserved. */
public record MonitorSettings(
    Duration timeout, Duration pollInterval, Integer waveNumber, LogKeeper logKeeper) {

  public MonitorSettings {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("poll interval must be positive");
    }
  }

  public Optional<LogKeeper> preservedLogs() {
    return Optional.ofNullable(logKeeper);
  }
}
