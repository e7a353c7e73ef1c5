package dev.cfnwave.it.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.NodeCapacity;
import dev.cfnwave.it.support.SwarmTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Placement on the three-node rig: admission fits each batch on one node, so batches too big to
 * share a node run on different nodes at once and the report names each; a batch bigger than any
 * node is refused before anything is created; a constraint keeps every attempt on one worker. Every
 * rig node reports the host's whole memory, so sizes come from /nodes.
 */
class SwarmPlacementIT extends SwarmTestSupport {

  private static final long MIB = 1L << 20;

  /** The memory of the smallest node, in MiB (every rig node reports the host's). */
  private long nodeMebibytes() {
    try (Backend swarm = swarm()) {
      List<NodeCapacity> nodes = swarm.capacity();
      assertThat(nodes).hasSize(3);
      return nodes.stream().mapToLong(NodeCapacity::memoryBytes).min().orElseThrow() / MIB;
    }
  }

  private static List<String> nodesOf(JsonNode report) {
    List<String> nodes = new ArrayList<>();
    for (JsonNode batch : report.get("batches")) {
      for (JsonNode attempt : batch.get("attempts")) {
        nodes.add(attempt.get("node").asText(null));
      }
    }
    return nodes;
  }

  /** The index of the first journal line of this type (and batch), or -1. */
  private static int indexOf(List<String> journal, String type, String batchId) {
    for (int i = 0; i < journal.size(); i++) {
      String line = journal.get(i);
      if (line.contains("\"type\":\"" + type + "\"")
          && (batchId.isEmpty() || line.contains("\"batch_id\":\"" + batchId + "\""))) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Four batches of 0.6x a node's memory: two cannot share a node, so the first three run at once
   * only on three different nodes (each waits in the shared workspace until all three have
   * started), and the fourth is admitted only once one of them has ended: the journal shows it.
   */
  @Test
  void batchesTooBigToShareANodeRunAtOnceOnDifferentNodesAndTheReportNamesThem() throws Exception {
    long size = nodeMebibytes() * 6 / 10;
    String together =
        "touch /workspace/started-$BATCH_ID; n=0;"
            + " until [ $(ls /workspace | grep -c '^started-') -ge 3 ]; do"
            + " n=$((n+1)); [ $n -gt 1200 ] && exit 9; sleep 0.1; done";
    Path plan =
        plan(
            planJson(
                "t",
                wave(
                    1,
                    batchWithMemory("p1", size, together),
                    batchWithMemory("p2", size, together),
                    batchWithMemory("p3", size, together),
                    batchWithMemory("p4", size, "exit 0"))));

    CliRun run = cfnWave(swarmRunArguments(plan));

    JsonNode report = run.json();
    assertThat(report.get("status").asText()).as(run.err()).isEqualTo("succeeded");
    List<String> nodes = nodesOf(report);
    assertThat(nodes).as(run.err()).hasSize(4).doesNotContainNull();
    assertThat(nodes.subList(0, 3)).doesNotHaveDuplicates().contains("cfn-rig-w1", "cfn-rig-w2");
    List<String> journal = Files.readAllLines(runFolder(runId).resolve("journal.jsonl"));
    int fourthStarting = indexOf(journal, "attempt_starting", "p4");
    int firstEnded = indexOf(journal, "attempt_ended", "");
    assertThat(fourthStarting)
        .as("p4 admitted after an end: %s", journal)
        .isGreaterThan(firstEnded);
    assertThat(run.err()).contains("over 3 nodes; one attempt fits one node");
    assertNoServiceLeft();
  }

  @Test
  void aBatchBiggerThanAnyNodeExitsTwoNamingItAndCreatesNoService() {
    long size = nodeMebibytes() * 12 / 10;
    Path plan =
        plan(
            planJson(
                "t",
                wave(
                    1,
                    batchWithMemory("small", 64, "exit 0"),
                    batchWithMemory("huge", size, "exit 0"))));

    CliRun run = cfnWave(swarmRunArguments(plan));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().get(0))
        .contains(
            "$.waves[0].batches[1]", "batch 'huge'", "fits on no node", "the largest node has");
    assertThat(runFolder(runId)).doesNotExist();
    assertNoServiceLeft();
  }

  /**
   * Every attempt runs on the worker the constraint names, and admission counts only that node: the
   * second of two batches of 0.6x its memory starts once the first has ended.
   */
  @Test
  void aHostnameConstraintPutsEveryAttemptOnThatWorker() throws Exception {
    long big = nodeMebibytes() * 6 / 10;
    Path plan =
        plan(
            planJson(
                "t",
                wave(
                    1,
                    batchWithMemory("c1", big, "exit 0"),
                    batchWithMemory("c2", big, "exit 0"),
                    batchWithMemory("c3", 64, "exit 0"),
                    batchWithMemory("c4", 64, "exit 0"))));

    CliRun run = cfnWave(swarmRunArguments(plan, "--constraint", "node.hostname==cfn-rig-w2"));

    JsonNode report = run.json();
    assertThat(report.get("status").asText()).as(run.err()).isEqualTo("succeeded");
    assertThat(nodesOf(report)).as(run.err()).hasSize(4).containsOnly("cfn-rig-w2");
    assertThat(run.err()).contains("over 1 node");
    List<String> journal = Files.readAllLines(runFolder(runId).resolve("journal.jsonl"));
    assertThat(indexOf(journal, "attempt_starting", "c2"))
        .as("c2 admitted after an end: %s", journal)
        .isGreaterThan(indexOf(journal, "attempt_ended", ""));
    assertNoServiceLeft();
  }
}
