package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.it.support.ContainerCreations;
import dev.cfnwave.it.support.DockerTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input: exit 2, one line naming file and path, nothing on stdout, nothing created (no
 * container with the test's run id, watched through the engine's events, and no network).
 */
class ValidationIT extends DockerTestSupport {

  private static final DockerClient DOCKER = DockerTestSupport.rawClient();

  private ContainerCreations creations;

  @AfterAll
  static void closeClient() throws Exception {
    DOCKER.close();
  }

  @BeforeEach
  void watchCreations() {
    creations = ContainerCreations.watch(DOCKER, CfnLabels.RUN_ID, runId);
  }

  @AfterEach
  void stopWatching() {
    creations.close();
  }

  static Stream<Arguments> badPlans() {
    String ok = batch("ok", 1, "true");
    return Stream.of(
        Arguments.of("broken JSON", "{\"waves\": [", "$: invalid JSON at line 1"),
        Arguments.of(
            "missing wave", planJson("t", wave(2, ok)), "$.waves: no wave with wave_number 1"),
        Arguments.of(
            "missing batch id",
            planJson("t", wave(1, ok, "{\"tier\": 1}")),
            "$.waves[0].batches[1].batch_id: missing"),
        Arguments.of(
            "duplicate batch id",
            planJson("t", wave(1, ok, batch("ok", 2, "true"))),
            "$.waves[0].batches[1].batch_id: duplicate batch_id 'ok'"),
        Arguments.of(
            "field of the wrong type",
            planJson("t", wave(1, "{\"batch_id\": \"x\", \"tier\": \"one\"}")),
            "$.waves[0].batches[0].tier: must be a whole number"),
        Arguments.of(
            "memory that is not a size",
            planJson("t", wave(1, "{\"batch_id\": \"x\", \"memory\": \"lots\"}")),
            "$.waves[0].batches[0].memory: 'lots' is not a memory size"),
        Arguments.of(
            "memory that is not positive",
            planJson("t", wave(1, "{\"batch_id\": \"x\", \"memory\": \"0m\"}")),
            "$.waves[0].batches[0].memory"),
        Arguments.of(
            "memory below the engine's minimum, after a batch that fits",
            planJson(
                "t",
                wave(1, batch("fits", 1, "true"), "{\"batch_id\": \"x\", \"memory\": \"4m\"}")),
            "$.waves[0].batches[1].memory: memory limit 4m is below the engine's minimum of 6m"),
        Arguments.of(
            "batch id with a newline",
            planJson("t", wave(1, "{\"batch_id\": \"a\\nb\", \"tier\": 1}")),
            "$.waves[0].batches[0].batch_id: must not contain control characters"),
        Arguments.of(
            "prompt with NUL",
            planJson(
                "t", wave(1, "{\"batch_id\": \"a\", \"tier\": 1, \"task_prompt\": \"x\\u0000y\"}")),
            "$.waves[0].batches[0].task_prompt: must not contain NUL"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPlans")
  void badPlanIsRefusedBeforeAnythingIsCreated(String what, String json, String expected) {
    Path plan = plan(json);

    CliRun run = spawnOnFreshNetwork(plan.toString(), AGENT_IMAGE, workspace.toString());

    assertRefused(run, plan.toString(), expected);
    assertNothingCreated();
  }

  @Test
  void missingPlanFileIsRefused() {
    String missing = temp.resolve("nope.json").toString();
    CliRun run = spawnOnFreshNetwork(missing, AGENT_IMAGE, workspace.toString());
    assertRefused(run, missing, "file not found");
    assertNothingCreated();
  }

  @Test
  void unreadablePlanIsRefused() {
    CliRun run = spawnOnFreshNetwork(temp.toString(), AGENT_IMAGE, workspace.toString());
    assertRefused(run, temp.toString(), "cannot read");
    assertNothingCreated();
  }

  @Test
  void imageThatIsNotPresentAndCannotBePulledIsRefused() {
    Path plan = plan(planJson("t", wave(1, batch("a", 1, "true"))));

    CliRun run =
        spawnOnFreshNetwork(plan.toString(), "cfn-it/no-such-image:" + runId, workspace.toString());

    assertRefused(run, "--base-image cfn-it/no-such-image:" + runId, "registry docker.io");
    assertNothingCreated();
  }

  @Test
  void workspaceThatDoesNotExistIsRefused() {
    Path plan = plan(planJson("t", wave(1, batch("a", 1, "true"))));
    String missing = temp.resolve("no-workspace").toString();

    CliRun run = spawnOnFreshNetwork(plan.toString(), AGENT_IMAGE, missing);

    assertRefused(run, "--workspace " + missing, "does not exist");
    assertNothingCreated();
    assertThat(Files.exists(Path.of(missing))).isFalse();
  }

  @Test
  void environmentValueWithNewlineIsRefused() {
    Path plan = plan(planJson("t", wave(1, batch("a", 1, "true"))));

    CliRun run =
        cfnWave(
            "spawn",
            "--wave-plan",
            plan.toString(),
            "--wave-number",
            "1",
            "--workspace",
            workspace.toString(),
            "--run-id",
            runId,
            "--environment",
            "TOKEN=a\nb");

    assertRefused(run, "--environment TOKEN", "NUL or newlines");
    assertNothingCreated();
  }

  @Test
  void badMonitorManifestIsRefused() throws Exception {
    Path manifest =
        Files.writeString(temp.resolve("m.json"), "{\"containers\": [{\"batch_id\": \"x\"}]}");

    CliRun run = cfnWave("monitor", "--containers", manifest.toString());

    assertRefused(run, manifest.toString(), "$.containers[0].container_id: missing");
  }

  private CliRun spawnOnFreshNetwork(String plan, String image, String workspacePath) {
    return cfnWave(
        "spawn",
        "--wave-plan",
        plan,
        "--wave-number",
        "1",
        "--base-image",
        image,
        "--workspace",
        workspacePath,
        "--network",
        network(),
        "--run-id",
        runId);
  }

  private static void assertRefused(CliRun run, String names, String says) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).as(run.err()).hasSize(1);
    assertThat(run.err())
        .contains(names)
        .contains(says)
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  /**
   * Nothing of this test's on the engine: no container with its run id was created, even for a
   * moment, and its network does not exist. (Volumes come only with a container.)
   */
  private void assertNothingCreated() {
    assertThat(creations.untilNow()).as("containers created").isEmpty();
    assertThat(containersOfThisRun()).isEmpty();
    assertThat(DOCKER.listNetworksCmd().withNameFilter(network()).exec())
        .extracting(n -> n.getName())
        .doesNotContain(network());
  }

  private String network() {
    return "cfn-it-net-" + runId;
  }
}
