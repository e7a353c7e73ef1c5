package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.it.support.ContainerCreations;
import dev.cfnwave.it.support.DockerCli;
import dev.cfnwave.it.support.DockerTestSupport;
import dev.cfnwave.testing.JsonSchemas;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * validate and run --dry-run against the real engine: the preview document, exit 0 when the run
 * could proceed and 2 when it could not (a batch too big for the budget, a missing image under
 * --pull never), and nothing created: no container, network, run folder or pulled image.
 */
class PreviewIT extends DockerTestSupport {

  private static final DockerClient DOCKER = DockerTestSupport.rawClient();

  private ContainerCreations creations;
  private long startedAt;

  @AfterAll
  static void closeClient() throws Exception {
    DOCKER.close();
  }

  @BeforeEach
  void watchCreations() {
    startedAt = Instant.now().getEpochSecond() - 1;
    creations = ContainerCreations.watch(DOCKER, CfnLabels.RUN_ID, runId);
  }

  @AfterEach
  void stopWatching() {
    creations.close();
  }

  @Test
  void validateAndDryRunPreviewTheSameRunAndCreateNothing() {
    // three batches of 512m under a 1g budget: two start at once, the third when one ends
    Path plan =
        plan(
            planJson(
                "preview",
                wave(1, batch("a", 1, "true"), batch("b", 1, "true"), batch("c", 1, "true")),
                wave(2, batch("d", 1, "true"))));

    CliRun validate =
        cfnWave(
            "validate",
            plan.toString(),
            "--memory-budget",
            "1g",
            "--pull",
            "always",
            "--runs-dir",
            runsDir().toString());
    CliRun dryRun = dryRun(plan, "--memory-budget", "1g", "--pull", "always");

    for (CliRun run : List.of(validate, dryRun)) {
      assertThat(run.exitCode()).as(run.err()).isZero();
      JsonNode d = run.json();
      JsonSchemas.requireValid(JsonSchemas.RUN_PREVIEW, "a preview", d);
      assertThat(d.at("/ready").asBoolean()).isTrue();
      assertThat(d.at("/engine/reachable").asBoolean()).isTrue();
      assertThat(d.at("/memory_budget/size").asText()).isEqualTo("1g");
      assertThat(d.at("/waves/0/rounds").asInt()).isEqualTo(2);
      assertThat(d.at("/waves/0/peak_reserved_bytes").asLong()).isEqualTo(1L << 30);
      assertThat(d.at("/start_order"))
          .extracting(s -> s.path("batch_id").asText())
          .containsExactly("a", "b", "c", "d");
      assertThat(d.at("/images/0/image").asText()).isEqualTo(AGENT_IMAGE);
      assertThat(d.at("/images/0/present").asBoolean()).isTrue();
      assertThat(d.at("/images/0/action").asText()).isEqualTo("pull_again");
      assertThat(d.at("/warnings").toString()).contains("start in 2 rounds");
      assertThat(run.err()).contains("ready: the run could proceed");
    }
    assertThat(validate.json().at("/command").asText()).isEqualTo("validate");
    assertThat(dryRun.json().at("/command").asText()).isEqualTo("run --dry-run");
    assertThat(dryRun.json().at("/start_order")).isEqualTo(validate.json().at("/start_order"));
    assertThat(dryRun.json().at("/waves")).isEqualTo(validate.json().at("/waves"));
    assertNothingCreated();
  }

  @Test
  void aBatchTooBigForTheBudgetIsListedAndExits2() {
    Path plan =
        plan(
            planJson(
                "preview",
                wave(1, batch("fits", 1, "true"), batchWithMemory("huge", 4096, "true"))));

    CliRun validate = cfnWave("validate", plan.toString(), "--memory-budget", "2g");
    CliRun dryRun = dryRun(plan, "--memory-budget", "2g");

    for (CliRun run : List.of(validate, dryRun)) {
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      JsonNode d = run.json();
      JsonSchemas.requireValid(JsonSchemas.RUN_PREVIEW, "a preview", d);
      assertThat(d.at("/ready").asBoolean()).isFalse();
      assertThat(d.at("/unfit/0/batch_id").asText()).isEqualTo("huge");
      assertThat(d.at("/problems/0").asText())
          .isEqualTo(
              plan
                  + ": $.waves[0].batches[1]: memory limit 4g of batch 'huge' exceeds the memory"
                  + " budget 2g");
      assertThat(d.at("/start_order"))
          .extracting(s -> s.path("batch_id").asText())
          .containsExactly("fits");
    }
    assertNothingCreated();
  }

  @Test
  void aMissingImageUnderPullNeverIsAProblemAndExits2() {
    String missing = "cfn-it/no-such-image:" + runId;
    Path plan =
        plan(
            planJson(
                "preview",
                wave(
                    1,
                    batch("base", 1, "true"),
                    "{\"batch_id\": \"own\", \"tier\": 1, \"image\": " + quote(missing) + "}")));

    CliRun validate = cfnWave("validate", plan.toString(), "--pull", "never");
    CliRun dryRun = dryRun(plan, "--pull", "never");
    CliRun missingAllowed = cfnWave("validate", plan.toString(), "--pull", "missing");

    for (CliRun run : List.of(validate, dryRun)) {
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      JsonNode d = run.json();
      JsonSchemas.requireValid(JsonSchemas.RUN_PREVIEW, "a preview", d);
      assertThat(d.at("/images/1/action").asText()).isEqualTo("refused");
      assertThat(d.at("/images/1/present").asBoolean()).isFalse();
      assertThat(d.at("/problems/0").asText())
          .isEqualTo(
              plan
                  + ": $.waves[0].batches[1].image: "
                  + missing
                  + " is not where attempts run, and --pull never forbids pulling it");
    }
    assertThat(missingAllowed.exitCode()).as(missingAllowed.err()).isZero();
    assertThat(missingAllowed.json().at("/images/1/action").asText()).isEqualTo("pull");
    assertNothingCreated();
  }

  /** A /29 network takes 5 containers: a wave of 8 at once is warned about by the dry run. */
  @Test
  void aDryRunWarnsOfANetworkWithLessRoomThanTheWaveRunsAtOnce() {
    String small = "cfn-it-small-" + runId;
    Map<String, String> direct = new HashMap<>();
    if (System.getenv("DOCKER_HOST") != null) {
      direct.put("DOCKER_HOST", System.getenv("DOCKER_HOST"));
    }
    NetworkCapacityIT.createNetwork(small, direct, runId);
    try {
      String[] batches = new String[8];
      for (int i = 0; i < batches.length; i++) {
        batches[i] = batch("b" + i, 1, "true");
      }
      Path plan = plan(planJson("preview", wave(1, batches)));

      CliRun dryRun =
          cfnWave(
              "run",
              "--dry-run",
              "--wave-plan",
              plan.toString(),
              "--workspace",
              workspace.toString(),
              "--network",
              small,
              "--run-id",
              runId,
              "--runs-dir",
              runsDir().toString(),
              "--memory-budget",
              "8g");

      assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
      JsonSchemas.requireValid(JsonSchemas.RUN_PREVIEW, "a preview", dryRun.json());
      assertThat(dryRun.json().at("/warnings").toString())
          .contains(
              "doctor: network "
                  + small
                  + ": 0/5 endpoints in use, 5 free; 8 of the plan's batches may run at once");
      assertThat(dryRun.err()).contains("doctor: network " + small);
    } finally {
      DockerCli.docker(direct, "network", "rm", small);
    }
  }

  private CliRun dryRun(Path plan, String... extra) {
    return cfnWave(
        concat(
            new String[] {
              "run",
              "--dry-run",
              "--wave-plan",
              plan.toString(),
              "--workspace",
              workspace.toString(),
              "--network",
              network(),
              "--run-id",
              runId,
              "--runs-dir",
              runsDir().toString()
            },
            extra));
  }

  private Path runsDir() {
    return temp.resolve("runs");
  }

  private String network() {
    return "cfn-it-net-" + runId;
  }

  /**
   * No container of this test's run was created even for a moment, its network, runs folder and
   * logs folder do not exist, and the engine pulled no image since the test began.
   */
  private void assertNothingCreated() {
    assertThat(creations.untilNow()).as("containers created").isEmpty();
    assertThat(containersOfThisRun()).isEmpty();
    assertThat(DOCKER.listNetworksCmd().withNameFilter(network()).exec())
        .extracting(n -> n.getName())
        .doesNotContain(network());
    assertThat(runsDir()).doesNotExist();
    assertThat(temp.resolve("logs")).doesNotExist();
    assertThat(imagePullsSinceTheStart()).isEmpty();
  }

  private List<String> imagePullsSinceTheStart() {
    List<String> pulls = new CopyOnWriteArrayList<>();
    try (ResultCallback.Adapter<Event> events =
        DOCKER
            .eventsCmd()
            .withEventTypeFilter(EventType.IMAGE)
            .withEventFilter("pull")
            .withSince(String.valueOf(startedAt))
            .withUntil(String.valueOf(Instant.now().getEpochSecond() + 1))
            .exec(
                new ResultCallback.Adapter<>() {
                  @Override
                  public void onNext(Event event) {
                    pulls.add(event.getId());
                  }
                })) {
      events.awaitCompletion(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not read the engine's image events", e);
    }
    return pulls;
  }
}
