package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.it.support.DockerCli;
import dev.cfnwave.it.support.DockerTestSupport;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** doctor on a host whose network is full: the network's line fails, and so does the command. */
class DoctorIT extends DockerTestSupport {

  private final Map<String, String> direct = directEngine();
  private String network;

  @AfterEach
  void removeNetwork() {
    String ids =
        DockerCli.docker(direct, "ps", "-aq", "--filter", "label=" + TEST_LABEL + "=" + runId)
            .out();
    for (String id : ids.split("\n")) {
      if (!id.isBlank()) {
        DockerCli.docker(direct, "rm", "-f", id.strip());
      }
    }
    if (network != null) {
      DockerCli.docker(direct, "network", "rm", network);
    }
  }

  @Test
  void aFullSlash29NetworkFailsItsLineAndTheCommand() {
    network = "cfn-it-doctor-" + runId;
    NetworkCapacityIT.createNetwork(network, direct, runId);
    for (int i = 0; i < NetworkCapacityIT.ROOM; i++) {
      DockerCli.docker(
              direct,
              "run",
              "-d",
              "--network",
              network,
              "--label",
              TEST_LABEL + "=" + runId,
              NetworkCapacityIT.BUSYBOX,
              "sleep",
              "600")
          .orThrow();
    }

    CliRun result = cfnWave("doctor", "--network", network, "--runs-dir", temp.toString());

    assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
    assertThat(result.err()).containsPattern("fail +network " + network + " +5/5 endpoints in use");
    JsonNode document = result.json();
    assertThat(document.get("verdict").asText()).isEqualTo("fail");
    JsonNode line = null;
    for (JsonNode check : document.get("checks")) {
      if (check.get("check").asText().equals("network " + network)) {
        line = check;
      }
    }
    assertThat(line).isNotNull();
    assertThat(line.get("verdict").asText()).isEqualTo("fail");
    assertThat(line.get("fix").asText()).contains("--networks-per-run");
  }

  private static Map<String, String> directEngine() {
    String host = System.getenv("DOCKER_HOST");
    return host == null ? Map.of() : Map.of("DOCKER_HOST", host);
  }
}
