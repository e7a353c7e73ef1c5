package dev.cfnwave.doctor;

import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.backend.NodeCapacity;
import dev.cfnwave.plan.MemorySize;
import java.util.List;
import java.util.Map;

/**
 * The engine's memory against the plan: a batch larger than any node can never run (fail); a wave
 * whose limits add up to more than the engine holds runs in parts (warn); what others hold now is
 * said beside it.
 *
 * @param largestWave the sum of the memory limits of the plan's largest wave (null: no plan)
 * @param largestBatch the largest memory limit of one batch (null: no plan)
 */
public record MemoryCheck(Backend backend, MemorySize largestWave, MemorySize largestBatch)
    implements HostCheck {

  @Override
  public List<CheckResult> run() {
    List<NodeCapacity> nodes = backend.capacity();
    long total = nodes.stream().mapToLong(NodeCapacity::memoryBytes).sum();
    long largestNode = nodes.stream().mapToLong(NodeCapacity::memoryBytes).max().orElse(0);
    long others = backend.memoryHeldByOthers(Map.of(CfnLabels.RUN_ID, "doctor"));
    String figure = human(total) + " on " + nodes.size() + (nodes.size() == 1 ? " node" : " nodes");
    if (others > 0) {
      figure += ", " + human(others) + " held by containers now";
    }
    if (largestWave == null) {
      return List.of(CheckResult.ok("memory", figure));
    }
    figure += "; the plan's largest wave " + human(largestWave.bytes());
    if (largestBatch.bytes() > largestNode) {
      return List.of(
          new CheckResult(
              "memory",
              figure + ", its largest batch " + human(largestBatch.bytes()),
              Verdict.FAIL,
              "give the engine more memory, or that batch a smaller tier"));
    }
    if (largestWave.bytes() > total - others) {
      return List.of(
          new CheckResult(
              "memory",
              figure,
              Verdict.WARN,
              "the wave runs in parts as memory frees (fine); for all at once, add memory"));
    }
    return List.of(CheckResult.ok("memory", figure));
  }

  static String human(long bytes) {
    return String.format("%.1f GiB", bytes / (double) (1L << 30));
  }
}
