package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What cfn-wave expects of Docker 20.10, a current Docker and Podman, read from their versions. */
class EngineCapabilitiesTest {

  private static EngineCapabilities docker(String version, String api) {
    return new EngineCapabilities(new EngineInfo(version, api, 1L << 30));
  }

  private static EngineCapabilities podman(String version) {
    return new EngineCapabilities(new EngineInfo(EngineInfo.PODMAN, version, "1.41", 1L << 30));
  }

  @Test
  void aCurrentDockerEngineDiffersInNothing() {
    EngineCapabilities current = docker("26.1.5+dfsg1", "1.45");

    assertThat(current.isPodman()).isFalse();
    assertThat(current.reportsOomKills()).isTrue();
    assertThat(current.runningStates()).containsExactly("running", "paused", "restarting");
    assertThat(current.deadlocksOnUserNetworks()).isFalse();
    assertThat(current.differences()).isEmpty();
  }

  @Test
  void dockerTwentyTenHasTheDeadlockButItIsNotAStartUpDifference() {
    EngineCapabilities old = docker("20.10.24+dfsg1", "1.41");

    assertThat(old.deadlocksOnUserNetworks()).isTrue();
    assertThat(old.reportsOomKills()).isTrue();
    assertThat(old.differences()).as("it has its own warning, for user networks only").isEmpty();
  }

  @Test
  void podmanFourReportsNoOomKillsAndKnowsNoRestartingState() {
    EngineCapabilities four = podman("4.3.1");

    assertThat(four.isPodman()).isTrue();
    assertThat(four.reportsOomKills()).isFalse();
    assertThat(four.runningStates()).containsExactly("running", "paused");
    assertThat(four.deadlocksOnUserNetworks())
        .as("Podman's version is not Docker's: 4.3.1 is no Docker 4")
        .isFalse();
    assertThat(four.differences())
        .hasValueSatisfying(
            line ->
                assertThat(line)
                    .startsWith("Podman 4.3.1 (Docker API 1.41) differs")
                    .contains("OOM kills are read from the kernel's log")
                    .doesNotContain("\n"));
  }

  @Test
  void podmanFiveReportsOomKills() {
    assertThat(podman("5.2.0").reportsOomKills()).isTrue();
    assertThat(podman("5.2.0").differences()).isEmpty();
  }

  @Test
  void describesEachProductInItsOwnTerms() {
    assertThat(docker("26.1.5", "1.45").info().describe())
        .isEqualTo("Docker engine 26.1.5 (API 1.45)");
    assertThat(podman("4.3.1").info().describe()).isEqualTo("Podman 4.3.1 (Docker API 1.41)");
  }
}
