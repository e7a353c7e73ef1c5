package dev.cfnwave.backend.open;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.InputException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendsTest {

  @Test
  void dockerIsTheDefaultAndSwarmTheOther() {
    assertThat(Backends.NAMES).containsExactly("docker", "swarm");
  }

  @Test
  void anUnknownBackendIsBadInputThatNamesTheChoices() {
    assertThatThrownBy(() -> Backends.open("kubernetes", Map.of(), Duration.ofSeconds(1), false))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("backend kubernetes")
        .hasMessageContaining("expected one of docker, swarm");
  }
}
