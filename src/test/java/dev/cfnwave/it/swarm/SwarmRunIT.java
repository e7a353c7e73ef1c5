package dev.cfnwave.it.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.it.support.SwarmTestSupport;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * cfn-wave run --backend swarm on the three-node rig: batches run as services, their exit codes and
 * logs come back from the nodes that ran them, and no service is left after the run.
 */
class SwarmRunIT extends SwarmTestSupport {

  @Test
  void aRunOnSwarmReportsExitCodesAndKeepsTheFailedLogAndLeavesNoService() throws Exception {
    Path plan =
        plan(
            planJson(
                "t",
                wave(
                    1,
                    batch("ok", 1, "echo swarm-ok-line"),
                    batch("three", 1, "echo swarm-fail-line; exit 3"),
                    batch("seven", 1, "exit 7"))));

    CliRun run = cfnWave(swarmRunArguments(plan));

    JsonNode report = run.json();
    assertThat(report.get("status").asText()).as(run.err()).isEqualTo("failed");
    Map<String, Long> exitCodes = new HashMap<>();
    for (JsonNode batch : report.get("batches")) {
      JsonNode last = batch.get("attempts").get(batch.get("attempts").size() - 1);
      exitCodes.put(batch.get("batch_id").asText(), last.get("exit_code").asLong());
    }
    assertThat(exitCodes)
        .containsEntry("ok", 0L)
        .containsEntry("three", 3L)
        .containsEntry("seven", 7L);
    assertThat(run.err()).contains("the swarm backend cannot set").contains("memory+swap");
    Path logs = runFolder(runId).resolve("logs");
    assertThat(logs.resolve("cfn-wave1-three-" + runId + ".log"))
        .as(run.err())
        .content()
        .isEqualTo("swarm-fail-line\n");
    assertNoServiceLeft();
  }
}
