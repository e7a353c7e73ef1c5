package dev.cfnwave.run;

import dev.cfnwave.plan.MemorySize;
import java.util.Objects;

/**
 * A run's output folders: whether each attempt gets one, where it appears in the container, how
 * large it may grow, and whether a result file's status overrides the exit code.
 */
public record OutputSettings(
    boolean enabled, String target, MemorySize limit, boolean trustResultStatus) {

  /** Where the folder appears inside every container unless told otherwise. */
  public static final String DEFAULT_TARGET = "/cfn/out";

  /** How large a folder may grow unless told otherwise. */
  public static final MemorySize DEFAULT_LIMIT = MemorySize.parse("256m");

  /** No output folders (spawn, Swarm with --outputs none, and runs built without them). */
  public static final OutputSettings NONE =
      new OutputSettings(false, DEFAULT_TARGET, DEFAULT_LIMIT, false);

  public OutputSettings {
    Objects.requireNonNull(limit, "limit");
    if (target == null || !target.startsWith("/") || target.equals("/")) {
      throw new IllegalArgumentException("the output folder's path is absolute, not /: " + target);
    }
  }
}
