package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveEvent.Level;
import dev.cfnwave.testing.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What stderr looks like on a terminal, in a pipe, without colour and with --quiet. */
class StderrRendererTest {

  private static final String ERASE = "\r\033[2K";
  private static final String STAMP = "\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z";
  private static final Map<String, String> TERMINAL = Map.of("CFN_STDERR_IS_TTY", "1");

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final ManualClock clock = new ManualClock();

  private StderrRenderer renderer(Map<String, String> environment, String... options) {
    ConsoleOptions console = new ConsoleOptions();
    for (String option : options) {
      if (option.equals("--quiet")) {
        console.quiet = true;
      } else {
        console.color = option.substring("--color=".length());
      }
    }
    ConsoleMode mode = ConsoleMode.of(environment, Level.INFO, false, console);
    return new StderrRenderer(new PrintStream(bytes, true, StandardCharsets.UTF_8), mode, clock);
  }

  private String err() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  static WaveEvent.RunProgress progress(int succeeded, int failed, int running) {
    return progress(succeeded, failed, running, List.of());
  }

  static WaveEvent.RunProgress progress(
      int succeeded, int failed, int running, List<WaveEvent.PoolProgress> pools) {
    return new WaveEvent.RunProgress(
        0,
        2,
        10,
        running,
        succeeded,
        failed,
        0,
        10 - succeeded - failed - running,
        512L << 20,
        4L << 30,
        0,
        Duration.ofSeconds(83),
        Duration.ofSeconds(190),
        pools,
        WaveEvent.Spend.NONE);
  }

  /** Everything a run says: progress, waves, a warning, a failed batch, a pull. */
  private static void aRun(StderrRenderer renderer) {
    renderer.on(new WaveEvent.WaveStarted(1, 4));
    renderer.on(progress(0, 0, 2));
    renderer.on(new WaveEvent.ImagePullProgress("team/agent:1", 1, 7, 10L << 20, 812L << 20));
    renderer.warn("the engine is slow");
    renderer.on(new WaveEvent.BatchSettled("b1", "failed", 2));
    renderer.on(new WaveEvent.BatchSettled("b2", "success", 1));
    renderer.on(new WaveEvent.WaveEnded(1, 3, 1, 0));
    renderer.on(progress(3, 1, 0));
    renderer.endStatus();
  }

  @Test
  void aTerminalRedrawsTheStatusLineInPlaceWithLogLinesAboveIt() {
    StderrRenderer renderer = renderer(Map.of("CFN_STDERR_IS_TTY", "1", "NO_COLOR", "1"));
    String first = ProgressText.status(progress(1, 0, 2), Colours.NONE, 80);
    String second = ProgressText.status(progress(2, 1, 1), Colours.NONE, 80);

    renderer.on(progress(1, 0, 2));
    renderer.warn("the engine is slow");
    renderer.on(progress(2, 1, 1));
    renderer.endStatus();

    assertThat(err())
        .matches(
            java.util.regex.Pattern.quote(ERASE + first + ERASE)
                + STAMP
                + " WARN  the engine is slow\n"
                + java.util.regex.Pattern.quote(first + ERASE + second + ERASE));
    assertThat(first)
        .isEqualTo("[#---------] 1/10 done | 2 running | 7 waiting | 0 failed | ETA 3:10");
    assertThat(second).contains("3/10 done", "1 failed", "ETA 3:10");
  }

  @Test
  void aStatusLineFitsTheTerminalLeavingOutWhatMattersLeast() {
    String narrow = ProgressText.status(progress(3, 1, 2), Colours.NONE, 60);
    String wide = ProgressText.status(progress(3, 1, 2), Colours.NONE, 200);

    assertThat(narrow).hasSizeLessThan(60).contains("4/10 done", "1 failed").doesNotContain("[#");
    assertThat(wide)
        .isEqualTo(
            "[####------] 4/10 done | 2 running | 4 waiting | 1 failed | memory 512MB/4GB"
                + " | 1:23 elapsed | ETA 3:10 | waves 0/2");
  }

  @Test
  void cancelledBatchesCountAsDoneApartFromFailedOnesAndSoDoSkippedAtAWavesEnd() {
    WaveEvent.RunProgress p =
        new WaveEvent.RunProgress(
            1,
            1,
            5,
            0,
            1,
            1,
            3,
            0,
            0,
            4L << 30,
            0,
            Duration.ofSeconds(83),
            Duration.ZERO,
            List.of(),
            WaveEvent.Spend.NONE);

    assertThat(ProgressText.plain(p)).contains("| done 5/5 |", "| failed 1 | cancelled 3 |");
    assertThat(ProgressText.status(p, Colours.NONE, 200))
        .startsWith("[##########] 5/5 done | 0 running | 0 waiting | 1 failed | 3 cancelled |");
    assertThat(
            WaveLines.ended(
                new WaveEvent.WaveEnded(1, 1, 0, 1, 3, 0, WaveEvent.Spend.NONE), Colours.NONE))
        .isEqualTo("wave 1 ended: 1 succeeded, 0 failed, 1 skipped, 3 cancelled");
  }

  @Test
  void poolsShowTheirUseAndLimitAndTheRateLimitsThatLoweredIt() {
    var lowered = new WaveEvent.PoolProgress("llm-api", 3, 4, 8, 5);
    var whole = new WaveEvent.PoolProgress("search", 1, 2, 2, 0);
    WaveEvent.RunProgress p = progress(3, 1, 2, List.of(lowered, whole));

    assertThat(ProgressText.plain(p))
        .endsWith(" | eta 0:03:10 | pool llm-api 3/4 (of 8), 5 rate limited | pool search 1/2");
    assertThat(ProgressText.status(p, Colours.NONE, 200))
        .endsWith(" | waves 0/2 | llm-api 3/4 | search 1/2");
    assertThat(ProgressText.status(p, Colours.NONE, 120))
        .as("pools are the first left out")
        .doesNotContain("llm-api")
        .contains("waves 0/2");
  }

  @Test
  void aPipeGetsPlainLinesWithoutAControlCharacter() {
    StderrRenderer renderer = renderer(Map.of());

    aRun(renderer);

    assertThat(err()).doesNotContain("\033", "\r");
    assertThat(err().chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
    assertThat(err().lines())
        .extracting(l -> l.replaceFirst(STAMP + " ", ""))
        .containsExactly(
            "INFO  wave 1 started (4 batches)",
            "INFO  waves 0/2 | done 0/10 | running 2 | waiting 8 | succeeded 0 | failed 0"
                + " | memory 512MB / 4GB | others hold 0 | elapsed 0:01:23 | eta 0:03:10",
            "INFO  pulling team/agent:1: 1/7 layers, 10MB of 812MB",
            "WARN  the engine is slow",
            "WARN  batch b1 failed after 2 attempts",
            "WARN  wave 1 ended: 3 succeeded, 1 failed",
            "INFO  waves 0/2 | done 4/10 | running 0 | waiting 6 | succeeded 3 | failed 1"
                + " | memory 512MB / 4GB | others hold 0 | elapsed 0:01:23 | eta 0:03:10");
  }

  @Test
  void aPipeGetsAProgressLineEveryIntervalAndAtOnceWhenAWaveStartsOrEnds() {
    StderrRenderer renderer = renderer(Map.of("CI", "true", "CFN_STDERR_IS_TTY", "1"));
    renderer.progressInterval(Duration.ofSeconds(30));

    renderer.on(progress(0, 0, 1));
    clock.advance(Duration.ofSeconds(29));
    renderer.on(progress(0, 0, 1));
    clock.advance(Duration.ofSeconds(1));
    renderer.on(progress(1, 0, 1));
    renderer.on(new WaveEvent.WaveStarted(2, 3));
    renderer.on(progress(1, 0, 2));
    renderer.on(progress(1, 0, 2));

    assertThat(err()).doesNotContain("\033", "\r");
    assertThat(err().lines().filter(l -> l.contains(" | done ")))
        .hasSize(3)
        .satisfiesExactly(
            l -> assertThat(l).contains("done 0/10 | running 1"),
            l -> assertThat(l).contains("done 1/10 | running 1"),
            l -> assertThat(l).contains("done 1/10 | running 2"));
  }

  @Test
  void aTerminalColoursOutcomesAndWarnings() {
    StderrRenderer renderer = renderer(TERMINAL);

    renderer.on(new WaveEvent.BatchSettled("b1", "failed", 1));
    renderer.on(new WaveEvent.WaveEnded(1, 2, 0, 0));

    assertThat(err())
        .contains("\033[33mWARN \033[0m batch b1 \033[31mfailed\033[0m after 1 attempt")
        .contains("wave 1 ended: 2 \033[32msucceeded\033[0m, 0 failed");
  }

  @Test
  void noColorRemovesEveryColourButKeepsTheStatusLine() {
    StderrRenderer renderer = renderer(Map.of("CFN_STDERR_IS_TTY", "1", "NO_COLOR", "1"));

    aRun(renderer);

    assertThat(err()).contains(ERASE).doesNotContainPattern("\033\\[[0-9;]*m");
  }

  @Test
  void quietKeepsWarningsAndErrorsOnly() {
    StderrRenderer renderer = renderer(TERMINAL, "--quiet");

    aRun(renderer);
    renderer.on(new WaveEvent.CleanupFailed("c1", "gone"));

    assertThat(err()).doesNotContain(ERASE, "INFO", "pulling", "started");
    assertThat(err().lines())
        .extracting(l -> l.replaceAll("\033\\[[0-9;]*m", "").replaceFirst(STAMP + " ", ""))
        .containsExactly(
            "WARN  the engine is slow",
            "WARN  batch b1 failed after 2 attempts",
            "WARN  wave 1 ended: 3 succeeded, 1 failed",
            "ERROR could not clean up c1: gone");
    assertThat(renderer.quiet()).isTrue();
  }

  @Test
  void theSeedsMonitorLineStaysAsItWas() {
    StderrRenderer renderer = renderer(TERMINAL);

    renderer.on(new WaveEvent.MonitorProgress(5, 23, 0, 0));

    assertThat(err()).endsWith("INFO  Running: 5, Completed: 23, Failed: 0, Timeout: 0\n");
  }
}
