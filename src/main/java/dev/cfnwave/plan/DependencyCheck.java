package dev.cfnwave.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the plan's {@code depends_on} lists once every batch is read: each names a known batch of
 * an earlier or the same wave, not the batch itself nor twice, and no batches depend on each other
 * in a cycle. Every problem names the JSON path of the list (or of its element) at fault.
 */
final class DependencyCheck {

  /** One batch as read: its wave's index in the plan, its list and where that list is. */
  private record Read(String id, int waveIndex, List<String> dependsOn, JsonFields field) {}

  private final Map<String, Read> byId = new LinkedHashMap<>();

  void add(String id, int waveIndex, List<String> dependsOn, JsonFields field) {
    byId.put(id, new Read(id, waveIndex, dependsOn, field));
  }

  /**
   * @throws PlanException for the first problem, in plan order
   */
  void check() {
    for (Read batch : byId.values()) {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < batch.dependsOn().size(); i++) {
        String id = batch.dependsOn().get(i);
        JsonFields element = batch.field().element(i);
        Read target = byId.get(id);
        if (id.equals(batch.id())) {
          throw element.problem("batch '" + id + "' depends on itself");
        }
        if (!seen.add(id)) {
          throw element.problem("lists '" + id + "' twice");
        }
        if (target == null) {
          throw element.problem("unknown batch_id '" + id + "'");
        }
        if (target.waveIndex() > batch.waveIndex()) {
          throw element.problem(
              "'"
                  + id
                  + "' is in a later wave ("
                  + target.field().path().replaceFirst("\\.depends_on$", "")
                  + "): a batch depends only on batches of earlier waves or its own");
        }
      }
    }
    requireNoCycle();
  }

  /** Depth-first over "depends on" edges; a edge back into the current path closes a cycle. */
  private void requireNoCycle() {
    Map<String, Boolean> finished = new HashMap<>();
    for (String id : byId.keySet()) {
      visit(id, new ArrayList<>(), finished);
    }
  }

  private void visit(String id, List<String> path, Map<String, Boolean> finished) {
    if (finished.containsKey(id)) {
      return;
    }
    int at = path.indexOf(id);
    if (at >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
      cycle.add(id);
      throw byId.get(cycle.get(0))
          .field()
          .problem(
              "dependency cycle: "
                  + String.join(" -> ", cycle)
                  + " (each depends on the next); a cycle can never start");
    }
    path.add(id);
    for (String next : byId.get(id).dependsOn()) {
      visit(next, path, finished);
    }
    path.remove(path.size() - 1);
    finished.put(id, true);
  }
}
