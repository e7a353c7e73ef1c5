package dev.cfnwave.attempt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.report.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a batch into the container that runs it: name, labels, environment, limits, mounts. */
public final class BatchContainers {

  private BatchContainers() {}

  public static AttemptSpec specFor(String taskId, Wave wave, Batch batch, SpawnSettings settings) {
    return specFor(taskId, wave.waveNumber(), batch, settings, 1, Map.of());
  }

  /** The container of one attempt at a batch, running its image as written (unpinned). */
  public static AttemptSpec specFor(
      String taskId,
      int waveNumber,
      Batch batch,
      SpawnSettings settings,
      int attempt,
      Map<String, String> extraLabels) {
    return specFor(
        taskId, waveNumber, batch, settings, attempt, extraLabels, batch.imageOr(settings.image()));
  }

  /**
   * The container of one attempt at a batch, running {@code image} (what the batch's image is
   * pinned to). Attempt 1 has the plain name; later attempts (retries) end in -a2, -a3 ..., so
   * every attempt's name is known before it is created.
   */
  public static AttemptSpec specFor(
      String taskId,
      int waveNumber,
      Batch batch,
      SpawnSettings settings,
      int attempt,
      Map<String, String> extraLabels,
      String image) {
    String task = taskId == null ? "" : taskId;
    Map<String, String> labels = new LinkedHashMap<>(CfnLabels.managed());
    labels.put(CfnLabels.TASK_ID, task);
    labels.put(CfnLabels.RUN_ID, settings.runId());
    labels.put(CfnLabels.WAVE_NUMBER, String.valueOf(waveNumber));
    labels.put(CfnLabels.BATCH_ID, batch.batchId());
    labels.put(CfnLabels.TIER, batch.tierNumber().map(String::valueOf).orElse(""));
    labels.put(CfnLabels.MEMORY_LIMIT, batch.memoryLimit().dockerForm());
    labels.putAll(extraLabels);

    Map<String, String> env = new LinkedHashMap<>(settings.extraEnvironment());
    env.put("BATCH_ID", batch.batchId());
    env.put("TASK_ID", task);
    env.put("TASK_PROMPT", batch.taskPrompt());
    env.put("WAVE_NUMBER", String.valueOf(waveNumber));
    env.put("BATCH_FILES", filesAsJson(batch));

    return new AttemptSpec(
        containerName(waveNumber, batch.batchId(), settings.runId(), attempt),
        image,
        labels,
        env,
        batch.memoryLimit().bytes(),
        settings.workspace(),
        settings.network(),
        settings.security(),
        settings.constraints());
  }

  public static String containerName(int waveNumber, String batchId, String runId, int attempt) {
    String name = ContainerNaming.name(waveNumber, batchId, runId);
    return attempt == 1 ? name : name + "-a" + attempt;
  }

  private static String filesAsJson(Batch batch) {
    try {
      return Json.MAPPER
          .writer()
          .without(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(batch.files());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always serializes", e);
    }
  }
}
