package dev.cfnwave.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated wave plan: the optional task id, its waves in plan order, and its pools (each name
 * with how many attempts using it may run at once).
 */
public record WavePlan(String source, String taskId, List<Wave> waves, Map<String, Integer> pools) {

  /** A plan without pools. */
  public WavePlan(String source, String taskId, List<Wave> waves) {
    this(source, taskId, waves, Map.of());
  }

  public WavePlan {
    if (taskId != null) {
      Identifiers.requireValid("task_id", taskId);
    }
    waves = List.copyOf(waves);
    pools = pools == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(pools));
    pools.forEach(
        (name, limit) -> {
          PoolNames.requireValid(name);
          if (limit < 1) {
            throw new IllegalArgumentException("pool " + name + " must allow at least 1");
          }
        });
  }

  public Optional<String> task() {
    return Optional.ofNullable(taskId);
  }

  /**
   * The wave with that number.
   *
   * @throws PlanException when the plan has none
   */
  public Wave wave(int waveNumber) {
    return waves.stream()
        .filter(w -> w.waveNumber() == waveNumber)
        .findFirst()
        .orElseThrow(
            () ->
                new PlanException(
                    source + ": $.waves",
                    "no wave with wave_number "
                        + waveNumber
                        + " (plan has "
                        + waves.stream().map(w -> String.valueOf(w.waveNumber())).toList()
                        + ")"));
  }
}
