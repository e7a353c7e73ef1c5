package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveEvent.Spend;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The spend in progress lines, the status line and a wave's end line. */
class ProgressSpendTest {

  private static final Spend CAPPED =
      new Spend(
          Map.of("cost_usd", new BigDecimal("1.234"), "output_tokens", new BigDecimal("1200")),
          Map.of("cost_usd", new BigDecimal("5")));

  @Test
  void theCostIsShownAgainstItsLimit() {
    assertThat(ProgressText.spend(CAPPED)).isEqualTo("cost $1.23 of $5.00");
  }

  @Test
  void anyLimitedKeyIsShownAgainstItsLimit() {
    Spend tokens =
        new Spend(
            Map.of("output_tokens", new BigDecimal("1200000")),
            Map.of("output_tokens", new BigDecimal("2000000")));

    assertThat(ProgressText.spend(tokens)).isEqualTo("output_tokens 1,200,000 of 2,000,000");
  }

  @Test
  void aReportedCostWithoutALimitIsShownAlone() {
    Spend reported = new Spend(Map.of("cost_usd", new BigDecimal("0.5")), Map.of());

    assertThat(ProgressText.spend(reported)).isEqualTo("cost $0.50");
  }

  @Test
  void noUsageAndNoLimitShowNothing() {
    assertThat(ProgressText.spend(Spend.NONE)).isEmpty();
    assertThat(ProgressText.plain(StderrRendererTest.progress(1, 0, 1))).doesNotContain("cost");
  }

  @Test
  void theProgressLinesAndAWavesEndShowTheSpend() {
    WaveEvent.RunProgress progress = StderrRendererTest.progress(1, 0, 1).withSpend(CAPPED);

    assertThat(ProgressText.plain(progress)).endsWith(" | cost $1.23 of $5.00");
    assertThat(ProgressText.status(progress, Colours.NONE, 200))
        .contains("0 failed | cost $1.23 of $5.00 | ");
    assertThat(WaveLines.ended(new WaveEvent.WaveEnded(1, 3, 0, 0, 0, 0, CAPPED), Colours.NONE))
        .isEqualTo("wave 1 ended: 3 succeeded, 0 failed; cost $1.23 of $5.00");
  }

  @Test
  void aNarrowStatusLineKeepsTheSpendOverMemoryAndTime() {
    WaveEvent.RunProgress progress = StderrRendererTest.progress(1, 0, 1).withSpend(CAPPED);

    assertThat(ProgressText.status(progress, Colours.NONE, 80))
        .contains("cost $1.23 of $5.00")
        .doesNotContain("elapsed");
  }
}
