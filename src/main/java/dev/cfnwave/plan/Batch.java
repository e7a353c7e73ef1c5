package dev.cfnwave.plan;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One unit of work: a container runs it. The memory limit is already resolved from the tier table
 * (or from the batch's own memory when it has no tier).
 */
public record Batch(
    String batchId, Integer tier, MemorySize memoryLimit, List<String> files, String taskPrompt) {

  public Batch {
    Identifiers.requireValid("batch_id", batchId);
    Objects.requireNonNull(memoryLimit, "memoryLimit");
    files = List.copyOf(files);
    taskPrompt = taskPrompt == null ? "" : taskPrompt;
    if (tier != null && tier < 1) {
      throw new IllegalArgumentException("tier must be at least 1");
    }
  }

  public Optional<Integer> tierNumber() {
    return Optional.ofNullable(tier);
  }
}
