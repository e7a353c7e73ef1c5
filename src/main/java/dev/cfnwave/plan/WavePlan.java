package dev.cfnwave.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated wave plan: the optional task id, its waves in plan order, its pools (each name with
 * how many attempts using it may run at once), and its best-of-N groups.
 */
public record WavePlan(
    String source,
    String taskId,
    List<Wave> waves,
    Map<String, Integer> pools,
    List<BatchGroup> groups) {

  /** A plan without pools. */
  public WavePlan(String source, String taskId, List<Wave> waves) {
    this(source, taskId, waves, Map.of());
  }

  /** A plan without groups. */
  public WavePlan(String source, String taskId, List<Wave> waves, Map<String, Integer> pools) {
    this(source, taskId, waves, pools, List.of());
  }

  public WavePlan {
    if (taskId != null) {
      Identifiers.requireValid("task_id", taskId);
    }
    waves = List.copyOf(waves);
    groups = groups == null ? List.of() : List.copyOf(groups);
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
