package dev.cfnwave.cleanup;

import dev.cfnwave.InputException;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.CfnLabels;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * cleanup --wave-number without --task-id selects a wave number across the engine: when that spans
 * more than one task id (two pipelines on one engine) and some of the containers still run, it may
 * be another pipeline's running wave, so cleanup refuses unless --all-tasks says that is meant.
 */
public final class MixedTasks {

  private MixedTasks() {}

  /**
   * @throws InputException naming each task id with how many containers it has, running and in all
   */
  public static void refuseIfRunning(List<AttemptStatus> selected) {
    Map<String, int[]> perTask = new TreeMap<>();
    boolean anyRunning = false;
    for (AttemptStatus c : selected) {
      int[] counts =
          perTask.computeIfAbsent(
              c.labels().getOrDefault(CfnLabels.TASK_ID, "(none)"), t -> new int[2]);
      counts[0]++;
      if (!c.hasEnded()) {
        counts[1]++;
        anyRunning = true;
      }
    }
    if (perTask.size() < 2 || !anyRunning) {
      return;
    }
    StringBuilder tasks = new StringBuilder();
    perTask.forEach(
        (task, counts) ->
            tasks
                .append(tasks.isEmpty() ? "" : ", ")
                .append(task)
                .append(" (")
                .append(counts[0])
                .append(counts[0] == 1 ? " container" : " containers")
                .append(", ")
                .append(counts[1])
                .append(" running)"));
    throw new InputException(
        "--wave-number",
        "the wave's containers belong to "
            + perTask.size()
            + " task ids and some still run: "
            + tasks
            + "; name one with --task-id, or pass --all-tasks to remove them all");
  }
}
