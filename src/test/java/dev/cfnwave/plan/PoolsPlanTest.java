package dev.cfnwave.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** "pools" and "uses" as the plan reader checks them: every problem names its JSON path. */
class PoolsPlanTest {

  private static WavePlan parse(String pools, String uses) {
    return new PlanReader(TierTable.defaults(), w -> {})
        .parse(
            "plan.json",
            "{"
                + pools
                + "\"waves\": [{\"wave_number\": 1, \"batches\": [{\"batch_id\": \"a\","
                + " \"tier\": 1"
                + uses
                + "}]}]}");
  }

  @Test
  void poolsAndUsesAreRead() {
    WavePlan plan =
        parse("\"pools\": {\"llm-api\": 8, \"db\": 2}, ", ", \"uses\": [\"llm-api\", \"db\"]");

    assertThat(plan.pools()).containsExactly(entry("llm-api", 8), entry("db", 2));
    assertThat(plan.waves().get(0).batches().get(0).uses()).containsExactly("llm-api", "db");
  }

  @Test
  void aPlanWithoutPoolsHasNone() {
    WavePlan plan = parse("", "");

    assertThat(plan.pools()).isEmpty();
    assertThat(plan.waves().get(0).batches().get(0).uses()).isEmpty();
  }

  @Test
  void anUnknownPoolIsRefusedByItsPath() {
    assertThatThrownBy(() -> parse("\"pools\": {\"llm-api\": 8}, ", ", \"uses\": [\"llm\"]"))
        .isInstanceOf(PlanException.class)
        .hasMessage(
            "plan.json: $.waves[0].batches[0].uses[0]: unknown pool 'llm' (the plan's pools:"
                + " llm-api)");
  }

  @Test
  void aPoolNamedTwiceIsRefused() {
    assertThatThrownBy(() -> parse("\"pools\": {\"api\": 8}, ", ", \"uses\": [\"api\", \"api\"]"))
        .isInstanceOf(PlanException.class)
        .hasMessage("plan.json: $.waves[0].batches[0].uses[1]: pool 'api' named twice");
  }

  @Test
  void aLimitBelowOneIsRefused() {
    assertThatThrownBy(() -> parse("\"pools\": {\"api\": 0}, ", ""))
        .isInstanceOf(PlanException.class)
        .hasMessage("plan.json: $.pools.api: must be at least 1, found 0");
  }

  @Test
  void aBadPoolNameIsRefused() {
    assertThatThrownBy(() -> parse("\"pools\": {\"a,b\": 1}, ", ""))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith("plan.json: $.pools.a,b: pool name must be 1 to 64");
  }

  private static java.util.Map.Entry<String, Integer> entry(String name, int limit) {
    return java.util.Map.entry(name, limit);
  }
}
