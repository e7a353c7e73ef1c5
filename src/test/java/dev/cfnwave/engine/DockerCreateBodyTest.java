package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.ContainerSecurity;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerCreateBodyTest {

  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void carriesTheLimitsHardeningMountAndNetwork() {
    JsonNode body =
        DockerCreateBody.of(
            spec(Path.of("/tmp/ws"), "cfn-network", ContainerSecurity.DEFAULT), mapper);

    assertThat(body.path("Image").asText()).isEqualTo("agent:1");
    assertThat(body.path("Labels").path("cfn.managed").asText()).isEqualTo("true");
    assertThat(body.path("Env").toString()).isEqualTo("[\"TASK_PROMPT=p\",\"BATCH_ID=b1\"]");
    assertThat(body.has("User")).isFalse();
    JsonNode host = body.path("HostConfig");
    assertThat(host.path("Memory").asLong()).isEqualTo(64L << 20);
    assertThat(host.path("MemoryReservation").asLong()).isEqualTo(64L << 20);
    assertThat(host.path("MemorySwap").asLong()).isEqualTo(64L << 20);
    assertThat(host.path("Privileged").asBoolean(true)).isFalse();
    assertThat(host.path("SecurityOpt").toString()).isEqualTo("[\"no-new-privileges\"]");
    assertThat(host.path("CapDrop").toString()).isEqualTo("[\"ALL\"]");
    assertThat(host.path("CapAdd").toString()).isEqualTo("[]");
    assertThat(host.path("PidsLimit").asLong()).isEqualTo(ContainerSecurity.DEFAULT_PIDS_LIMIT);
    assertThat(host.path("ReadonlyRootfs").asBoolean(true)).isFalse();
    assertThat(host.has("Tmpfs")).isFalse();
    assertThat(host.path("Mounts").toString())
        .isEqualTo("[{\"Type\":\"bind\",\"Source\":\"/tmp/ws\",\"Target\":\"/workspace\"}]");
    assertThat(host.path("NetworkMode").asText()).isEqualTo("cfn-network");
  }

  @Test
  void aReadOnlyRootGetsATmpfsAndTheUserAndCapabilitiesAsked() {
    var security = new ContainerSecurity(List.of("CHOWN"), 64, true, "1000:1000");

    JsonNode body = DockerCreateBody.of(spec(null, null, security), mapper);

    JsonNode host = body.path("HostConfig");
    assertThat(body.path("User").asText()).isEqualTo("1000:1000");
    assertThat(host.path("CapAdd").toString()).isEqualTo("[\"CHOWN\"]");
    assertThat(host.path("PidsLimit").asLong()).isEqualTo(64);
    assertThat(host.path("ReadonlyRootfs").asBoolean()).isTrue();
    assertThat(host.path("Tmpfs").path("/tmp").asText()).isEqualTo("rw,nosuid,nodev,size=256m");
    assertThat(host.has("Mounts")).isFalse();
    assertThat(host.has("NetworkMode")).isFalse();
  }

  private static AttemptSpec spec(Path workspace, String network, ContainerSecurity security) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("TASK_PROMPT", "p");
    environment.put("BATCH_ID", "b1");
    return new AttemptSpec(
        "cfn-wave1-b1",
        "agent:1",
        Map.of("cfn.managed", "true"),
        environment,
        64L << 20,
        workspace,
        network,
        security);
  }
}
