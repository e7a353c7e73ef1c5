package dev.cfnwave.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void nearestRankIsAnObservedValue() {
    assertThat(Percentiles.nearestRank(List.of(5L), 90)).isEqualTo(5);
    assertThat(Percentiles.nearestRank(List.of(3L, 1L, 2L), 90)).isEqualTo(3);
    assertThat(
            Percentiles.nearestRank(List.of(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 100L), 90))
        .isEqualTo(90);
    assertThat(Percentiles.nearestRank(List.of(1L, 2L, 3L, 4L), 50)).isEqualTo(2);
  }
}
