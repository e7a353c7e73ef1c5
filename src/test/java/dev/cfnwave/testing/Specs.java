package dev.cfnwave.testing;

import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.backend.ContainerSecurity;
import dev.cfnwave.backend.memory.InMemoryEngine;
import java.util.Map;

/** Container specs for unit tests against {@link InMemoryEngine}. */
public final class Specs {

  private Specs() {}

  /**
   * A cfn-wave container of a run and batch in wave 1; the prompt is its behaviour in {@link
   * InMemoryEngine} ("ms=200 exit=3", "oom").
   */
  public static AttemptSpec container(String name, String runId, String batchId, String prompt) {
    return new AttemptSpec(
        name,
        "agent:test",
        Map.of(
            CfnLabels.MANAGED,
            "true",
            CfnLabels.RUN_ID,
            runId,
            CfnLabels.BATCH_ID,
            batchId,
            CfnLabels.WAVE_NUMBER,
            "1"),
        Map.of("TASK_PROMPT", prompt),
        256L << 20,
        null,
        null,
        ContainerSecurity.DEFAULT);
  }
}
