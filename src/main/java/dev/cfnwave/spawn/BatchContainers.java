package dev.cfnwave.spawn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cfnwave.engine.CfnLabels;
import dev.cfnwave.engine.ContainerSpec;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.report.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a batch into the container that runs it: name, labels, environment, limits, mounts. */
final class BatchContainers {

  private BatchContainers() {}

  static ContainerSpec specFor(String taskId, Wave wave, Batch batch, SpawnSettings settings) {
    String task = taskId == null ? "" : taskId;
    Map<String, String> labels = new LinkedHashMap<>(CfnLabels.managed());
    labels.put(CfnLabels.TASK_ID, task);
    labels.put(CfnLabels.RUN_ID, settings.runId());
    labels.put(CfnLabels.WAVE_NUMBER, String.valueOf(wave.waveNumber()));
    labels.put(CfnLabels.BATCH_ID, batch.batchId());
    labels.put(CfnLabels.TIER, batch.tierNumber().map(String::valueOf).orElse(""));
    labels.put(CfnLabels.MEMORY_LIMIT, batch.memoryLimit().dockerForm());

    Map<String, String> env = new LinkedHashMap<>(settings.extraEnvironment());
    env.put("BATCH_ID", batch.batchId());
    env.put("TASK_ID", task);
    env.put("TASK_PROMPT", batch.taskPrompt());
    env.put("WAVE_NUMBER", String.valueOf(wave.waveNumber()));
    env.put("BATCH_FILES", filesAsJson(batch));

    return new ContainerSpec(
        ContainerNaming.name(wave.waveNumber(), batch.batchId(), settings.runId()),
        settings.image(),
        labels,
        env,
        batch.memoryLimit().bytes(),
        settings.workspace(),
        settings.network());
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
