package dev.cfnwave.plan;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One unit of work: a container runs it. The memory limit is already resolved from the tier table
 * (or from the batch's own memory when it has no tier). The expected duration, when the plan gives
 * one, lets the scheduler start long batches first. {@code image} is the batch's own image as the
 * plan writes it, a valid {@link ImageReference}, or null for the run's --base-image. {@code
 * dependsOn} names the batches (of an earlier or the same wave) that must succeed before it starts;
 * {@code uses} names the plan's pools it takes a slot in while it runs.
 */
public record Batch(
    String batchId,
    Integer tier,
    MemorySize memoryLimit,
    List<String> files,
    String taskPrompt,
    Duration expectedDuration,
    String image,
    List<String> dependsOn,
    List<String> uses) {

  public Batch(
      String batchId, Integer tier, MemorySize memoryLimit, List<String> files, String taskPrompt) {
    this(batchId, tier, memoryLimit, files, taskPrompt, null, null);
  }

  public Batch(
      String batchId,
      Integer tier,
      MemorySize memoryLimit,
      List<String> files,
      String taskPrompt,
      Duration expectedDuration) {
    this(batchId, tier, memoryLimit, files, taskPrompt, expectedDuration, null);
  }

  /** A batch that depends on no other. */
  public Batch(
      String batchId,
      Integer tier,
      MemorySize memoryLimit,
      List<String> files,
      String taskPrompt,
      Duration expectedDuration,
      String image) {
    this(batchId, tier, memoryLimit, files, taskPrompt, expectedDuration, image, List.of());
  }

  /** A batch that uses no pool. */
  public Batch(
      String batchId,
      Integer tier,
      MemorySize memoryLimit,
      List<String> files,
      String taskPrompt,
      Duration expectedDuration,
      String image,
      List<String> dependsOn) {
    this(
        batchId,
        tier,
        memoryLimit,
        files,
        taskPrompt,
        expectedDuration,
        image,
        dependsOn,
        List.of());
  }

  public Batch {
    Identifiers.requireValid("batch_id", batchId);
    Objects.requireNonNull(memoryLimit, "memoryLimit");
    files = List.copyOf(files);
    taskPrompt = taskPrompt == null ? "" : taskPrompt;
    if (tier != null && tier < 1) {
      throw new IllegalArgumentException("tier must be at least 1");
    }
    if (image != null) {
      ImageReference.parse(image);
    }
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    uses = uses == null ? List.of() : List.copyOf(uses);
    uses.forEach(PoolNames::requireValid);
  }

  public Optional<Integer> tierNumber() {
    return Optional.ofNullable(tier);
  }

  public Optional<Duration> expected() {
    return Optional.ofNullable(expectedDuration);
  }

  /** The same work with another memory shape (an escalation, or the shape a journal recorded). */
  public Batch withMemory(Integer newTier, MemorySize newLimit) {
    return new Batch(
        batchId, newTier, newLimit, files, taskPrompt, expectedDuration, image, dependsOn, uses);
  }

  /** The image this batch runs as written: its own, else the run's default. */
  public String imageOr(String defaultImage) {
    return image != null ? image : defaultImage;
  }
}
