package dev.cfnwave.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan's best-of-N "groups" and each batch's "group". */
class GroupsPlanTest {

  private final List<String> warnings = new ArrayList<>();

  private WavePlan parse(String groups, String... batchGroups) {
    StringBuilder batches = new StringBuilder();
    for (int i = 0; i < batchGroups.length; i++) {
      batches
          .append(i == 0 ? "" : ",")
          .append("{\"batch_id\": \"b")
          .append(i)
          .append("\", \"tier\": 1")
          .append(batchGroups[i] == null ? "" : ", \"group\": \"" + batchGroups[i] + "\"")
          .append("}");
    }
    String json =
        "{"
            + (groups == null ? "" : "\"groups\": " + groups + ", ")
            + "\"waves\": [{\"wave_number\": 1, \"batches\": ["
            + batches
            + "]}]}";
    return new PlanReader(TierTable.defaults(), warnings::add).parse("plan.json", json);
  }

  @Test
  void aGroupListsItsBatchesInPlanOrder() {
    WavePlan plan = parse("{\"fix-auth\": {\"need\": 1}}", "fix-auth", null, "fix-auth");

    assertThat(plan.groups()).containsExactly(new BatchGroup("fix-auth", 1, List.of("b0", "b2")));
    assertThat(warnings).isEmpty();
  }

  @Test
  void anUnknownGroupIsRefusedNamingTheBatchField() {
    assertThatThrownBy(() -> parse("{\"a\": {\"need\": 1}}", "b"))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("$.waves[0].batches[0].group")
        .hasMessageContaining("unknown group 'b' (the plan's groups: a)");
  }

  @Test
  void aNeedBelowOneIsRefused() {
    assertThatThrownBy(() -> parse("{\"a\": {\"need\": 0}}", "a"))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("$.groups.a.need");
  }

  @Test
  void aNeedAboveTheGroupsBatchCountIsRefused() {
    assertThatThrownBy(() -> parse("{\"a\": {\"need\": 3}}", "a", "a"))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("$.groups.a.need")
        .hasMessageContaining("needs 3 successes but has only 2 batches");
  }

  @Test
  void aGroupWithoutBatchesIsOnlyWarnedAbout() {
    WavePlan plan = parse("{\"unused\": {\"need\": 1}}", (String) null);

    assertThat(plan.groups()).isEmpty();
    assertThat(warnings).containsExactly("$.groups.unused: no batch is in group 'unused'");
  }

  @Test
  void groupsMustBeAnObjectOfObjects() {
    assertThatThrownBy(() -> parse("[1]", (String) null))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("$.groups");
    assertThatThrownBy(() -> parse("{\"a\": 1}", "a"))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("$.groups.a");
  }
}
