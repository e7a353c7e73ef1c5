package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.it.support.ContainerCreations;
import dev.cfnwave.it.support.DockerTestSupport;
import dev.cfnwave.report.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every container is hardened by default; each default is asserted on a real container. */
class SecureDefaultsIT extends DockerTestSupport {

  private static final DockerClient DOCKER = DockerTestSupport.rawClient();

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
  void workspaceGivenThroughASymlinkIsBindMountedAtItsRealPath() throws Exception {
    Path real = Files.createDirectories(temp.resolve("real-workspace"));
    Path link = Files.createSymbolicLink(temp.resolve("workspace-link"), real);
    var plan =
        plan(planJson("t", wave(1, batch("writes", 1, "echo written > /workspace/out.txt"))));

    CliRun run = spawnInto(plan, link.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertBindMount(inspect(run), real.toRealPath().toString());
    CliRun monitored = monitor(1);
    assertThat(monitored.exitCode()).as(monitored.err()).isZero();
    assertThat(real.resolve("out.txt")).hasContent("written");
  }

  @Test
  void rootAndTheDockerSocketAreRefusedAndNothingIsCreated() throws Exception {
    Path runLink = Files.createSymbolicLink(temp.resolve("run-link"), Path.of("/var/run"));
    Path socketLink =
        Files.createSymbolicLink(temp.resolve("socket-link"), Path.of("/var/run/docker.sock"));
    var plan = plan(planJson("t", wave(1, batch("a", 1, "true"))));

    try (var creations = ContainerCreations.watch(DOCKER, CfnLabels.RUN_ID, runId)) {
      for (String sensitive : List.of("/", "/var/run", "/run", runLink.toString())) {
        assertRefused(
            spawnInto(plan, sensitive), "--workspace " + sensitive, "(--allow-sensitive-mounts)");
      }
      // the socket itself is no directory: refused even when sensitive mounts are allowed
      for (String socket : List.of("/var/run/docker.sock", socketLink.toString())) {
        assertRefused(spawnInto(plan, socket), "--workspace " + socket, "not a directory");
        assertRefused(
            spawnInto(plan, socket, "--allow-sensitive-mounts"),
            "--workspace " + socket,
            "not a directory");
      }
      assertThat(creations.untilNow()).as("containers created").isEmpty();
    }
    assertThat(containersOfThisRun()).isEmpty();
    assertThat(temp.resolve("wave1-spawned.json")).doesNotExist();
  }

  @Test
  void allowSensitiveMountsMountsTheRootAndTheSocketsFolder() throws Exception {
    Path runLink = Files.createSymbolicLink(temp.resolve("run-link"), Path.of("/var/run"));
    Path socket = Path.of("/var/run/docker.sock").toRealPath();
    for (Path sensitive : List.of(Path.of("/"), Path.of("/var/run"), runLink)) {
      Path real = sensitive.toRealPath();
      String seen = "/workspace/" + real.relativize(socket);
      var plan = plan(planJson("t", wave(1, batch("sees-socket", 1, "test -S " + seen))));

      CliRun run = spawnInto(plan, sensitive.toString(), "--allow-sensitive-mounts");

      assertThat(run.exitCode()).as(sensitive + ": " + run.err()).isZero();
      assertBindMount(inspect(run), real.toString());
      CliRun monitored = monitor(1);
      assertThat(monitored.exitCode()).as("the container sees the socket at " + seen).isZero();
      CliRun cleaned =
          cfnWave("cleanup", "--containers", temp.resolve("wave1-spawned.json").toString());
      assertThat(cleaned.exitCode()).as(cleaned.err()).isZero();
      assertThat(cleaned.json().get("containers_removed").asInt()).isEqualTo(1);
      assertThat(containersOfThisRun()).isEmpty();
    }
  }

  @Test
  void unknownCapabilityIsAValidationError() {
    var plan = plan(planJson("t", wave(1, batch("a", 1, "true"))));

    CliRun run = spawn(plan, 1, "--cap-add", "FLY");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--cap-add FLY");
    assertThat(containersOfThisRun()).isEmpty();
  }

  private CliRun spawnInto(Path plan, String workspacePath, String... extra) {
    String[] base = {
      "spawn",
      "--wave-plan",
      plan.toString(),
      "--wave-number",
      "1",
      "--workspace",
      workspacePath,
      "--run-id",
      runId,
      "--output",
      temp.resolve("wave1-spawned.json").toString()
    };
    return cfnWave(concat(base, extra));
  }

  /** Exit 2, one line naming the option and saying why, nothing on stdout. */
  private static void assertRefused(CliRun run, String names, String says) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).as(run.err()).singleElement().asString().contains(names, says);
  }

  /** The workspace is one bind mount, of {@code source}, writable, at /workspace. */
  private static void assertBindMount(InspectContainerResponse container, String source) {
    assertThat(container.getHostConfig().getMounts())
        .singleElement()
        .satisfies(
            mount -> {
              assertThat(mount.getType()).isEqualTo(MountType.BIND);
              assertThat(mount.getSource()).isEqualTo(source);
              assertThat(mount.getTarget()).isEqualTo("/workspace");
            });
    // what the engine did, as it says it (docker-java's inspect type has no mount Type)
    assertThat(engineInspect(container.getId()).get("Mounts"))
        .singleElement()
        .satisfies(
            mount -> {
              assertThat(mount.get("Type").asText()).isEqualTo("bind");
              assertThat(mount.get("Source").asText()).isEqualTo(source);
              assertThat(mount.get("Destination").asText()).isEqualTo("/workspace");
              assertThat(mount.get("RW").asBoolean()).isTrue();
            });
  }

  private static JsonNode engineInspect(String id) {
    var config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    var request =
        DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.GET)
            .path("/containers/" + id + "/json")
            .build();
    try (var http =
            new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build();
        var response = http.execute(request)) {
      assertThat(response.getStatusCode()).isEqualTo(200);
      return Json.MAPPER.readTree(response.getBody());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InspectContainerResponse inspect(CliRun run) {
    JsonNode first = run.json().get("containers").get(0);
    return DOCKER.inspectContainerCmd(first.get("container_id").asText()).exec();
  }
}
