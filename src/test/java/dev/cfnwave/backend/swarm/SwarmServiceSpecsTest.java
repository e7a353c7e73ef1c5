package dev.cfnwave.backend.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.ContainerSecurity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwarmServiceSpecsTest {

  private final ObjectMapper mapper = new ObjectMapper();

  private JsonNode of(String network, ContainerSecurity security) {
    return SwarmServiceSpecs.of(
        new AttemptSpec(
            "cfn-b1-run",
            "agent:1",
            Map.of("cfn.run.id", "run", "cfn.batch.id", "b1"),
            Map.of("TASK_PROMPT", "exit 0"),
            512L << 20,
            Path.of("/work/ws"),
            network,
            security),
        mapper);
  }

  @Test
  void oneReplicaNeverRestartedWithMemoryReservedAndLimitedToTheLimit() {
    JsonNode service = of(null, ContainerSecurity.DEFAULT);

    assertThat(service.path("Name").asText()).isEqualTo("cfn-b1-run");
    assertThat(service.at("/Mode/Replicated/Replicas").asInt()).isEqualTo(1);
    assertThat(service.at("/TaskTemplate/RestartPolicy/Condition").asText()).isEqualTo("none");
    assertThat(service.at("/TaskTemplate/Resources/Limits/MemoryBytes").asLong())
        .isEqualTo(512L << 20);
    assertThat(service.at("/TaskTemplate/Resources/Reservations/MemoryBytes").asLong())
        .isEqualTo(512L << 20);
  }

  @Test
  void labelsOnServiceAndContainerTheEnvironmentAndTheWorkspace() {
    JsonNode service = of(null, ContainerSecurity.DEFAULT);
    JsonNode container = service.at("/TaskTemplate/ContainerSpec");

    assertThat(service.at("/Labels/cfn.batch.id").asText()).isEqualTo("b1");
    assertThat(container.at("/Labels/cfn.run.id").asText()).isEqualTo("run");
    assertThat(container.path("Image").asText()).isEqualTo("agent:1");
    assertThat(container.path("Env").get(0).asText()).isEqualTo("TASK_PROMPT=exit 0");
    JsonNode mount = container.path("Mounts").get(0);
    assertThat(mount.path("Type").asText()).isEqualTo("bind");
    assertThat(mount.path("Source").asText()).isEqualTo("/work/ws");
    assertThat(mount.path("Target").asText()).isEqualTo(AttemptSpec.WORKSPACE_TARGET);
  }

  @Test
  void theHardeningTheServicesApiCanExpress() {
    JsonNode service = of(null, new ContainerSecurity(List.of("CHOWN"), 99, true, "1000:1000"));
    JsonNode container = service.at("/TaskTemplate/ContainerSpec");

    assertThat(container.path("CapabilityDrop").get(0).asText()).isEqualTo("ALL");
    assertThat(container.path("CapabilityAdd").get(0).asText()).isEqualTo("CAP_CHOWN");
    assertThat(service.at("/TaskTemplate/Resources/Limits/Pids").asLong()).isEqualTo(99);
    assertThat(container.path("ReadOnly").asBoolean()).isTrue();
    assertThat(container.path("User").asText()).isEqualTo("1000:1000");
    assertThat(container.path("Mounts").get(1).path("Type").asText()).isEqualTo("tmpfs");
    assertThat(container.path("Mounts").get(1).path("Target").asText()).isEqualTo("/tmp");
  }

  @Test
  void placementConstraintsGoToTheTaskTemplateAndNoneMeansNoPlacement() {
    AttemptSpec constrained =
        new AttemptSpec(
            "cfn-b1-run",
            "agent:1",
            Map.of(),
            Map.of(),
            512L << 20,
            null,
            null,
            ContainerSecurity.DEFAULT,
            List.of("node.hostname==w1", "node.labels.disk!=hdd"));

    JsonNode placement = SwarmServiceSpecs.of(constrained, mapper).at("/TaskTemplate/Placement");

    assertThat(placement.path("Constraints"))
        .extracting(JsonNode::asText)
        .containsExactly("node.hostname==w1", "node.labels.disk!=hdd");
    assertThat(of(null, ContainerSecurity.DEFAULT).at("/TaskTemplate/Placement").isMissingNode())
        .isTrue();
  }

  @Test
  void noneAttachesNoNetworkAndANamedOneIsTheTarget() {
    assertThat(of(null, ContainerSecurity.DEFAULT).at("/TaskTemplate/Networks").isMissingNode())
        .isTrue();
    assertThat(of("none", ContainerSecurity.DEFAULT).at("/TaskTemplate/Networks").isMissingNode())
        .isTrue();
    assertThat(of("cfn-overlay", ContainerSecurity.DEFAULT).at("/TaskTemplate/Networks/0/Target"))
        .hasToString("\"cfn-overlay\"");
  }

  @Test
  void noNewPrivilegesOnlyWhereTheManagerHasIt() {
    AttemptSpec spec =
        new AttemptSpec(
            "cfn-b1-run",
            "agent:1",
            Map.of(),
            Map.of(),
            64L << 20,
            null,
            null,
            ContainerSecurity.DEFAULT);

    assertThat(
            SwarmServiceSpecs.of(spec, mapper, true)
                .at("/TaskTemplate/ContainerSpec/Privileges/NoNewPrivileges")
                .asBoolean())
        .isTrue();
    assertThat(
            SwarmServiceSpecs.of(spec, mapper, false)
                .at("/TaskTemplate/ContainerSpec/Privileges")
                .isMissingNode())
        .isTrue();
  }
}
