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

  /**
   * The address pools' room as the engine itself allocates: a network created without a subnet
   * takes one subnet of them, and the doctor's count drops by one. The engine's data root is
   * measured where /info says it is.
   */
  @Test
  void theAddressPoolsCountDropsByOneWithEachNetworkTheEngineCreates() {
    String root =
        DockerCli.docker(direct, "info", "-f", "{{.DockerRootDir}}").orThrow().out().strip();
    JsonNode before = check(doctor(), "address pools");
    network = "cfn-it-pools-" + runId;
    DockerCli.docker(direct, "network", "create", "--label", TEST_LABEL + "=" + runId, network)
        .orThrow();

    CliRun after = doctor();

    assertThat(check(after, "address pools").get("figure").asText())
        .contains("derived from Docker's built-in pools")
        .startsWith("room for " + (roomIn(before) - 1) + " more network");
    assertThat(check(after, "network " + network + "-2").get("figure").asText())
        .startsWith("not there yet");
    assertThat(check(after, "disk (engine data root)").get("figure").asText())
        .endsWith("free under " + root);
  }

  private CliRun doctor() {
    CliRun result =
        cfnWave(
            "doctor",
            "--network",
            network == null ? "cfn-it-none-" + runId : network,
            "--networks-per-run",
            "2",
            "--runs-dir",
            temp.toString());
    assertThat(result.exitCode()).as(result.err()).isIn(0, 1);
    return result;
  }

  private static JsonNode check(CliRun result, String name) {
    for (JsonNode check : result.json().get("checks")) {
      if (check.get("check").asText().equals(name)) {
        return check;
      }
    }
    throw new AssertionError("no check " + name + " in " + result.err());
  }

  private static int roomIn(JsonNode check) {
    String figure = check.get("figure").asText();
    return Integer.parseInt(figure.replaceFirst("^room for (\\d+) .*", "$1"));
  }

  private static Map<String, String> directEngine() {
    String host = System.getenv("DOCKER_HOST");
    return host == null ? Map.of() : Map.of("DOCKER_HOST", host);
  }
}
