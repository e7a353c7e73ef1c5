package dev.cfnwave.it.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.it.support.SwarmRig;
import dev.cfnwave.it.support.SwarmTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A swarm whose manager runs a current engine and whose workers run Engine 20.10 (the 20.10 leg's
 * engine): a run works across both, the start-up warning names the older nodes once, and what it
 * says is true: tasks on the current manager run with no-new-privileges, tasks on the older workers
 * without.
 */
class SwarmMixedVersionsIT extends SwarmTestSupport {

  /** Runs after SwarmTestSupport's, which brings up the leg's rig: this one replaces it. */
  @BeforeAll
  public static void bringTheMixedRigUp() {
    SwarmRig.down();
    rig = SwarmRig.upWithOlderWorkers();
  }

  @Test
  void aRunAcrossVersionsSaysOnceWhatTheOlderNodesLackAndItIsSo() throws Exception {
    String[] batches = new String[8];
    for (int i = 0; i < batches.length; i++) {
      batches[i] = batch("b" + i, 1, "grep NoNewPrivs /proc/self/status");
    }
    Path plan = plan(planJson("t", wave(1, batches)));

    CliRun run = cfnWave(swarmRunArguments(plan, "--preserve-all-logs"));

    JsonNode report = run.json();
    assertThat(report.get("status").asText()).as(run.err()).isEqualTo("succeeded");
    assertThat(run.errLines())
        .filteredOn(line -> line.contains("the swarm backend cannot set"))
        .singleElement()
        .asString()
        .contains("no-new-privileges on nodes cfn-rig-w1 (Docker 20.10.24")
        .contains("cfn-rig-w2 (Docker 20.10.24");
    int onWorkers = 0;
    for (JsonNode batch : report.get("batches")) {
      JsonNode attempt = batch.get("attempts").get(0);
      String node = attempt.get("node").asText();
      String log =
          Files.readString(
              runFolder(runId)
                  .resolve("logs")
                  .resolve("cfn-wave1-" + batch.get("batch_id").asText() + "-" + runId + ".log"));
      boolean olderWorker = node.startsWith("cfn-rig-w");
      onWorkers += olderWorker ? 1 : 0;
      assertThat(log.replaceAll("\\s+", " ").trim())
          .as("on node " + node)
          .isEqualTo(olderWorker ? "NoNewPrivs: 0" : "NoNewPrivs: 1");
    }
    assertThat(onWorkers).as("attempts placed on the older workers").isPositive();
    assertNoServiceLeft();
  }
}
