package dev.cfnwave.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the plan's {@code groups} and checks the batches' {@code group}: each names a declared
 * group, and each group's need is at least 1 and at most its number of batches. A group no batch
 * names is only warned about. Every problem names the JSON path at fault.
 */
final class GroupCheck {

  private final JsonFields groupsField;
  private final Map<String, Integer> needs = new LinkedHashMap<>();
  private final Map<String, List<String>> members = new LinkedHashMap<>();

  /** Reads {@code $.groups}: an object of group names to {"need": K}. */
  GroupCheck(JsonFields plan) {
    groupsField = plan.at("groups");
    for (String name : groupsField.fieldNames("an object of group names to {\"need\": N}")) {
      JsonFields group = groupsField.objectField(name);
      String problem = Identifiers.problemWith(name);
      if (problem != null) {
        throw group.problem("group name " + problem);
      }
      needs.put(name, group.requiredInt("need", 1));
      members.put(name, new ArrayList<>());
    }
  }

  /** A batch's {@code group}, null for none. */
  void add(String batchId, String group, JsonFields field) {
    if (group == null) {
      return;
    }
    List<String> batches = members.get(group);
    if (batches == null) {
      throw field.problem(
          "unknown group '"
              + group
              + "' (the plan's groups: "
              + (needs.isEmpty() ? "none" : String.join(", ", needs.keySet()))
              + ")");
    }
    batches.add(batchId);
  }

  /**
   * @return the groups that have batches, in the order the plan declares them
   * @throws PlanException when a group needs more successes than it has batches
   */
  List<BatchGroup> check(Consumer<String> warnings) {
    List<BatchGroup> groups = new ArrayList<>();
    needs.forEach(
        (name, need) -> {
          List<String> batches = members.get(name);
          if (batches.isEmpty()) {
            warnings.accept(groupsField.at(name).path() + ": no batch is in group '" + name + "'");
            return;
          }
          if (need > batches.size()) {
            throw groupsField
                .at(name)
                .at("need")
                .problem(
                    "group '"
                        + name
                        + "' needs "
                        + need
                        + " successes but has only "
                        + batches.size()
                        + " batch"
                        + (batches.size() == 1 ? "" : "es"));
          }
          groups.add(new BatchGroup(name, need, batches));
        });
    return groups;
  }
}
