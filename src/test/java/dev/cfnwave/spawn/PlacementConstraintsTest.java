package dev.cfnwave.spawn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.InputException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlacementConstraintsTest {

  @Test
  void theAttributesSwarmMatchesAreTakenInSwarmsForm() {
    assertThat(
            PlacementConstraints.parse(
                List.of(
                    "node.hostname==worker-1",
                    " node.labels.disk == ssd ",
                    "node.role!=manager",
                    "engine.labels.zone==eu-1",
                    "node.platform.arch==x86_64",
                    "Node.ID==5vwkvinnz931")))
        .containsExactly(
            "node.hostname==worker-1",
            "node.labels.disk==ssd",
            "node.role!=manager",
            "engine.labels.zone==eu-1",
            "node.platform.arch==x86_64",
            "Node.ID==5vwkvinnz931");
    assertThat(PlacementConstraints.parse(List.of())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "node.hostname=w1",
        "node.hostname",
        "node.hostname==",
        "==w1",
        "hostname==w1",
        "node.labels.==x",
        "node.labels==x",
        "node.name==w1",
        "node.hostname===w1",
        "node.hostname==w1;rm",
        "node.hostname<w1"
      })
  void anythingElseIsOneLineNamingIt(String constraint) {
    assertThatThrownBy(() -> PlacementConstraints.parse(List.of("node.role==worker", constraint)))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("--constraint " + constraint + ": expected KEY==VALUE")
        .hasMessageNotContaining("\n");
  }
}
