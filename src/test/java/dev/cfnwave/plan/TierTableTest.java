package dev.cfnwave.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TierTableTest {

  private static MemorySize size(String text) {
    return MemorySize.parse(text);
  }

  @Test
  void defaultsAreTheSpecsFourTiers() {
    assertThat(TierTable.defaults().asMap())
        .containsExactly(
            Map.entry(1, size("512m")),
            Map.entry(2, size("600m")),
            Map.entry(3, size("800m")),
            Map.entry(4, size("1g")));
  }

  @Test
  void unknownTierHasNoLimit() {
    assertThat(TierTable.defaults().limitOf(5)).isEmpty();
    assertThat(TierTable.defaults().limitOf(0)).isEmpty();
  }

  @Test
  void emptyEnvironmentGivesTheDefaults() {
    assertThat(TierTable.fromEnvironment(Map.of()).asMap()).isEqualTo(TierTable.defaults().asMap());
  }

  @Test
  void tierVariableOverridesItsTierOnly() {
    TierTable table =
        TierTable.fromEnvironment(Map.of("CFN_TIER_1_MEMORY", "256m", "CFN_TIER_4_MEMORY", "2g"));

    assertThat(table.asMap())
        .containsExactly(
            Map.entry(1, size("256m")),
            Map.entry(2, size("600m")),
            Map.entry(3, size("800m")),
            Map.entry(4, size("2g")));
  }

  @Test
  void tierVariableBeyondFourAddsATier() {
    TierTable table = TierTable.fromEnvironment(Map.of("CFN_TIER_5_MEMORY", "1.5g"));

    assertThat(table.limitOf(5)).contains(size("1536m"));
    assertThat(table.asMap()).containsOnlyKeys(1, 2, 3, 4, 5);
  }

  @Test
  void unrelatedVariablesAreIgnored() {
    TierTable table =
        TierTable.fromEnvironment(
            Map.of(
                "PATH", "/usr/bin",
                "CFN_TIER_X_MEMORY", "lots",
                "CFN_TIER_1_MEMORY_EXTRA", "lots",
                "XCFN_TIER_1_MEMORY", "lots"));

    assertThat(table.asMap()).isEqualTo(TierTable.defaults().asMap());
  }

  @Test
  void badVariableValueIsAPlanExceptionNamingTheVariable() {
    assertThatThrownBy(() -> TierTable.fromEnvironment(Map.of("CFN_TIER_2_MEMORY", "lots")))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith("CFN_TIER_2_MEMORY: ")
        .hasMessageContaining("'lots'");
  }

  @Test
  void zeroVariableValueIsRefused() {
    assertThatThrownBy(() -> TierTable.fromEnvironment(Map.of("CFN_TIER_3_MEMORY", "0")))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("CFN_TIER_3_MEMORY");
  }

  @Test
  void tierNumberTooLargeForAnIntIsAPlanExceptionNamingTheVariable() {
    assertThatThrownBy(() -> TierTable.fromEnvironment(Map.of("CFN_TIER_99999999999_MEMORY", "1g")))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("CFN_TIER_99999999999_MEMORY");
  }

  @Test
  void asMapIsACopy() {
    TierTable table = TierTable.defaults();
    table.asMap().clear();

    assertThat(table.asMap()).hasSize(4);
  }

  @Test
  void tierAboveIsTheNextLargerTierAndNoneAtTheTop() {
    TierTable table = TierTable.defaults();

    assertThat(table.tierAbove(1, MemorySize.parse("512m"))).contains(2);
    assertThat(table.tierAbove(3, MemorySize.parse("800m"))).contains(4);
    assertThat(table.tierAbove(4, MemorySize.parse("1g"))).isEmpty();
    assertThat(table.tierAbove(null, MemorySize.parse("700m"))).contains(3);
  }

  @Test
  void tierAboveSkipsTiersThatAreNotLarger() {
    TierTable table = TierTable.fromEnvironment(Map.of("CFN_TIER_2_MEMORY", "256m"));

    assertThat(table.tierAbove(1, MemorySize.parse("512m"))).contains(3);
  }
}
