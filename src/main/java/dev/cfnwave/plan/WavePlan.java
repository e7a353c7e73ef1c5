package dev.cfnwave.plan;

import java.util.List;
import java.util.Optional;

/** A validated wave plan: the optional task id and its waves in plan order. */
public record WavePlan(String source, String taskId, List<Wave> waves) {

  public WavePlan {
    if (taskId != null) {
      Identifiers.requireValid("task_id", taskId);
    }
    waves = List.copyOf(waves);
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
