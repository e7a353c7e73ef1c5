package dev.cfnwave.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.backend.memory.InMemoryEngine;
import dev.cfnwave.engine.EngineCapabilities;
import dev.cfnwave.engine.EngineInfo;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Engines with libnetwork's deadlock (moby/moby#46661) get a warning for user-defined networks. */
class NetworkCautionTest {

  private final InMemoryEngine engine = new InMemoryEngine();
  private final DockerBackend backend = new DockerBackend(engine, Failpoint.NONE, Duration.ZERO);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "20.10.24+dfsg1",
        "20.10.27+dfsg1",
        "20.10.5+dfsg1-1+deb11u2",
        "20.10.26",
        "19.03.15",
        "20.10.0"
      })
  void versionsWithTheDeadlock(String version) {
    assertThat(deadlocks(version)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"20.10.27", "23.0.0", "24.0.7", "28.1.1", "26.1.5+dfsg1", "fake", ""})
  void versionsWithoutIt(String version) {
    assertThat(deadlocks(version)).isFalse();
  }

  @Test
  void aUserDefinedNetworkOnAnAffectedEngineGetsTheIssueAndTheMitigation() {
    engine.reportVersion("20.10.24+dfsg1");

    assertThat(backend.networkCaution("cfn-network"))
        .hasValueSatisfying(
            warning ->
                assertThat(warning)
                    .contains(
                        "20.10.24+dfsg1",
                        "cfn-network",
                        "moby/moby#46661",
                        "20.10.27",
                        "restart dockerd"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"bridge", "none", "host", "container:abc"})
  void builtInNetworksGetNone(String network) {
    engine.reportVersion("20.10.24+dfsg1");

    assertThat(backend.networkCaution(network)).isEmpty();
  }

  @Test
  void aFixedEngineGetsNone() {
    engine.reportVersion("24.0.7");

    assertThat(backend.networkCaution("cfn-network")).isEmpty();
  }

  private static boolean deadlocks(String version) {
    return new EngineCapabilities(new EngineInfo(version, "1.41", 1L << 30))
        .deadlocksOnUserNetworks();
  }
}
