package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.InputException;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WaveSelectionTest {

  private static final WavePlan PLAN =
      new WavePlan(
          "plan.json",
          null,
          IntStream.rangeClosed(1, 5)
              .mapToObj(
                  n ->
                      new Wave(
                          n,
                          List.of(new Batch("b" + n, 1, MemorySize.parse("512m"), List.of(), ""))))
              .toList());

  @Test
  void noSelectionMeansAllWaves() {
    assertThat(WaveSelection.parse(null, PLAN)).isNull();
  }

  @Test
  void rangesListsAndSingleWavesCombine() {
    assertThat(WaveSelection.parse("2-4", PLAN)).containsExactly(2, 3, 4);
    assertThat(WaveSelection.parse("1,3", PLAN)).containsExactly(1, 3);
    assertThat(WaveSelection.parse("5, 1-2", PLAN)).containsExactly(5, 1, 2);
  }

  @Test
  void aWaveTheExplicitlyNamedPlanLacksIsRefused() {
    assertThatThrownBy(() -> WaveSelection.parse("7", PLAN))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("--waves 7")
        .hasMessageContaining("no wave 7");
  }

  @Test
  void garbageAndBackwardRangesAreRefused() {
    assertThatThrownBy(() -> WaveSelection.parse("two", PLAN)).isInstanceOf(InputException.class);
    assertThatThrownBy(() -> WaveSelection.parse("4-2", PLAN)).isInstanceOf(InputException.class);
    assertThatThrownBy(() -> WaveSelection.parse("8-9", PLAN))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("selects none");
  }
}
