package dev.cfnwave.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every container is hardened by default; each default is asserted on a real container. */
class SecureDefaultsIT extends DockerTestSupport {

  private static final DockerClient DOCKER = SpawnIT.rawClient();

  @AfterAll
  static void closeClient() throws Exception {
    DOCKER.close();
  }

  @Test
  void everyContainerIsHardenedByDefault() {
    var plan = plan(planJson("t", wave(1, batch("plain", 1, "sleep 30"))));

    CliRun run = spawn(plan, 1);

    assertThat(run.exitCode()).as(run.err()).isZero();
    var host = inspect(run).getHostConfig();
    assertThat(host.getPrivileged()).isFalse();
    assertThat(host.getSecurityOpts())
        .contains("no-new-privileges")
        .noneMatch(o -> o.contains("unconfined"));
    assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
    assertThat(host.getCapAdd()).isNullOrEmpty();
    assertThat(host.getPidsLimit()).isEqualTo(1024L);
    assertThat(host.getMemory()).isEqualTo(512L << 20);
    assertThat(host.getReadonlyRootfs()).isFalse();
  }

  @Test
  void readOnlyRootNonRootUserAndAddedCapabilitiesAreApplied() {
    var plan =
        plan(
            planJson(
                "t",
                wave(
                    1,
                    batch("locked", 1, "touch /tmp/scratch && ! touch /rootfs-write && id -u"))));

    CliRun run =
        spawn(
            plan,
            1,
            "--read-only",
            "--user",
            "65534:65534",
            "--cap-add",
            "chown",
            "--pids-limit",
            "64");

    assertThat(run.exitCode()).as(run.err()).isZero();
    InspectContainerResponse container = inspect(run);
    var host = container.getHostConfig();
    assertThat(host.getReadonlyRootfs()).isTrue();
    assertThat(host.getTmpFs()).containsKey("/tmp");
    assertThat(host.getCapAdd()).containsExactly(Capability.CHOWN);
    assertThat(host.getPidsLimit()).isEqualTo(64L);
    assertThat(container.getConfig().getUser()).isEqualTo("65534:65534");
    CliRun results = monitor(1);
    assertThat(results.exitCode()).as("the script runs as nobody with a writable /tmp").isZero();
  }

  @Test
  void workspaceThatIsTheRootOrHoldsTheDockerSocketIsRefused() {
    var plan = plan(planJson("t", wave(1, batch("a", 1, "true"))));
    for (String sensitive : new String[] {"/", "/var/run", "/run"}) {
      CliRun run =
          cfnWave(
              "spawn",
              "--wave-plan",
              plan.toString(),
              "--wave-number",
              "1",
              "--workspace",
              sensitive,
              "--run-id",
              runId);

      assertThat(run.exitCode()).as(sensitive + ": " + run.err()).isEqualTo(2);
      assertThat(run.err())
          .contains("--workspace " + sensitive)
          .contains("--allow-sensitive-mounts");
    }
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void unknownCapabilityIsAValidationError() {
    var plan = plan(planJson("t", wave(1, batch("a", 1, "true"))));

    CliRun run = spawn(plan, 1, "--cap-add", "FLY");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--cap-add FLY");
    assertThat(containersOfThisRun()).isEmpty();
  }

  private static InspectContainerResponse inspect(CliRun run) {
    JsonNode first = run.json().get("containers").get(0);
    return DOCKER.inspectContainerCmd(first.get("container_id").asText()).exec();
  }
}
