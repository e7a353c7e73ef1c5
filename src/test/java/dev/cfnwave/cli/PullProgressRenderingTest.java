package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.testing.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PullProgressRenderingTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final ManualClock clock = new ManualClock();

  private StderrRenderer renderer(boolean live) {
    return new StderrRenderer(
        new PrintStream(bytes, true, StandardCharsets.UTF_8), WaveEvent.Level.INFO, live, clock);
  }

  private static WaveEvent.ImagePullProgress progress(String image, int layers, long mib) {
    return new WaveEvent.ImagePullProgress(image, layers, 7, mib << 20, 812L << 20);
  }

  private String err() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aPlainStderrGetsTheFirstUpdateThenOneLineEveryFiveSecondsPerImage() {
    StderrRenderer renderer = renderer(false);

    renderer.on(progress("team/agent:1", 1, 10));
    renderer.on(progress("team/agent:1", 2, 20));
    renderer.on(progress("other:2", 1, 5));
    clock.advance(Duration.ofSeconds(5));
    renderer.on(progress("team/agent:1", 3, 120));

    assertThat(err().lines())
        .hasSize(3)
        .satisfiesExactly(
            l -> assertThat(l).endsWith("INFO  pulling team/agent:1: 1/7 layers, 10MB of 812MB"),
            l -> assertThat(l).endsWith("INFO  pulling other:2: 1/7 layers, 5MB of 812MB"),
            l -> assertThat(l).endsWith("INFO  pulling team/agent:1: 3/7 layers, 120MB of 812MB"));
  }

  @Test
  void aTerminalsStatusLineFollowsEveryUpdate() {
    StderrRenderer renderer = renderer(true);

    renderer.on(progress("team/agent:1", 1, 10));
    renderer.on(progress("team/agent:1", 2, 20));

    assertThat(err())
        .isEqualTo(
            "\r\033[2Kpulling team/agent:1: 1/7 layers, 10MB of 812MB"
                + "\r\033[2Kpulling team/agent:1: 2/7 layers, 20MB of 812MB");
  }

  @Test
  void aFinishedPullIsOneLineWithWhatItRunsAs() {
    renderer(true)
        .on(
            new WaveEvent.ImagePulled(
                "team/agent:1", "team/agent@sha256:ab", Duration.ofMillis(12345)));

    assertThat(err()).contains("INFO  pulled team/agent:1 in 12.3 s, runs as team/agent@sha256:ab");
  }
}
