package dev.cfnwave.plan;

import java.util.List;

/**
 * A best-of-N group of the plan: once {@code need} of its batches succeeded, the others are
 * cancelled (stopped if running, never started if waiting). {@code batchIds} are its members in
 * plan order.
 */
public record BatchGroup(String name, int need, List<String> batchIds) {

  public BatchGroup {
    Identifiers.requireValid("group", name);
    batchIds = List.copyOf(batchIds);
    if (need < 1 || need > batchIds.size()) {
      throw new IllegalArgumentException(
          "group " + name + " needs 1 to " + batchIds.size() + " successes, not " + need);
    }
  }
}
