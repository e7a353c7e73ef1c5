package dev.cfnwave.it.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import dev.cfnwave.it.support.CredentialHelper;
import dev.cfnwave.it.support.PushedImage;
import dev.cfnwave.it.support.RunTestSupport;
import dev.cfnwave.it.support.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * run and spawn with an agent image that lives only in the test registry (TLS, a password), as
 * users have it: pulled with docker login's credentials or a credential helper's, once per run
 * however many batches use it, pinned to its digest for the whole run, and refused before anything
 * is created when it cannot be had.
 */
class RegistryRunIT extends RunTestSupport {

  private static TestRegistry registry;
  private final List<PushedImage> pushed = new ArrayList<>();

  @BeforeAll
  static void theRegistry() {
    registry = TestRegistry.fromEnvironment();
  }

  @AfterEach
  void removeImages() {
    pushed.forEach(PushedImage::close);
  }

  /** The test agent in a repository of its own, absent from the engine. */
  private PushedImage privateAgent() {
    PushedImage image = registry.push(AGENT_IMAGE, temp);
    pushed.add(image);
    TestRegistry.removeLocal(image.reference());
    assertThat(TestRegistry.presentLocally(image.reference())).isFalse();
    return image;
  }

  private Path twelveBatches() {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      first.add(batch("a" + i, 1, "echo ran > /workspace/ran-$BATCH_ID"));
      second.add(batch("b" + i, 1, "echo ran > /workspace/ran-$BATCH_ID"));
    }
    return plan(
        planJson(
            "t", wave(1, first.toArray(String[]::new)), wave(2, second.toArray(String[]::new))));
  }

  /** The engine's image pull events of this reference, from now on. */
  private final class Pulls implements AutoCloseable {
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final ResultCallback.Adapter<Event> callback;

    Pulls(String reference) {
      callback =
          docker
              .eventsCmd()
              .withEventTypeFilter(EventType.IMAGE)
              .withEventFilter("pull")
              .withSince(String.valueOf(Instant.now().getEpochSecond() - 1))
              .exec(
                  new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Event event) {
                      String id = event.getId() == null ? "" : event.getId();
                      if (id.startsWith(reference.substring(0, reference.lastIndexOf(':')))) {
                        seen.add(id);
                      }
                    }
                  });
    }

    List<String> seen() {
      return List.copyOf(seen);
    }

    @Override
    public void close() throws Exception {
      callback.close();
    }
  }

  /** run of this plan with this image, as the other run tests run. */
  private String[] runWith(Path plan, String image) {
    return concat(runOptions(runId, plan, workspace, image), new String[] {"--network", "bridge"});
  }

  private static List<JsonNode> attempts(JsonNode report) {
    List<JsonNode> attempts = new ArrayList<>();
    report.get("batches").forEach(batch -> batch.get("attempts").forEach(attempts::add));
    return attempts;
  }

  @Test
  void twelveBatchesOfAPrivateImagePullItOnceWithDockerLoginsCredentials() throws Exception {
    PushedImage image = privateAgent();
    environment.put("DOCKER_CONFIG", registry.dockerConfig(temp).toString());

    CliRun run;
    List<String> pulls;
    try (Pulls watch = new Pulls(image.reference())) {
      run = cfnWave(runWith(twelveBatches(), image.reference()));
      Thread.sleep(1000); // events arrive after the fact
      pulls = watch.seen();
    }

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(pulls).as("pull events").hasSize(1);
    assertThat(attempts(run.json()))
        .hasSize(12)
        .allSatisfy(
            attempt -> {
              assertThat(attempt.get("image").asText()).isEqualTo(image.reference());
              assertThat(attempt.get("image_digest").asText()).endsWith(image.digest());
            });
    assertThat(run.err()).doesNotContain(registry.password());
    assertThat(Files.readString(runFolder(runId).resolve("journal.jsonl")))
        .doesNotContain(registry.password());
  }

  @Test
  void aCredentialHelperServesTheSpawnsPull() throws Exception {
    PushedImage image = privateAgent();
    CredentialHelper helper = registry.helper(temp);
    helper.store(registry.host(), registry.user(), registry.password());
    environment.put("DOCKER_CONFIG", registry.dockerConfigWithCredHelpers(temp).toString());
    environment.putAll(helper.environment());

    CliRun spawned =
        spawn(
            plan(planJson("t", wave(1, batch("one", 1, "exit 0")))),
            1,
            "--base-image",
            image.reference());

    assertThat(spawned.exitCode()).as(spawned.err()).isZero();
    assertThat(helper.calls()).anyMatch(call -> call.startsWith("get "));
    assertThat(TestRegistry.presentLocally(image.reference())).isTrue();
    JsonNode entry = spawned.json().get("containers").get(0);
    assertThat(entry.get("image_digest").asText()).endsWith(image.digest());
  }

  @Test
  void noCredentialsEndsInOneLineAndExit2WithNothingCreated() {
    PushedImage image = privateAgent();
    environment.put("DOCKER_CONFIG", registry.anonymousDockerConfig(temp).toString());

    CliRun run = cfnWave(runWith(twelveBatches(), image.reference()));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains(image.reference())
        .contains("credentials");
    assertThat(containersOfThisRun()).isEmpty();
    assertThat(Files.exists(runFolder(runId))).isFalse();
  }

  @Test
  void aMissingTagEndsInOneLineAndExit2WithNothingCreated() {
    PushedImage image = privateAgent();
    environment.put("DOCKER_CONFIG", registry.dockerConfig(temp).toString());
    String missing = image.reference().substring(0, image.reference().lastIndexOf(':')) + ":nope";

    CliRun run = cfnWave(runWith(twelveBatches(), missing));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("nope");
    assertThat(containersOfThisRun()).isEmpty();
    assertThat(Files.exists(runFolder(runId))).isFalse();
  }

  /**
   * Wave 1 holds until the test has pushed busybox under the same tag; wave 2's batches still run
   * the agent image the run started with (busybox would not run their prompt), and the report says
   * which.
   */
  @Test
  void aTagPushedMidRunDoesNotChangeWhatLaterAttemptsRun() throws Exception {
    PushedImage image = privateAgent();
    environment.put("DOCKER_CONFIG", registry.dockerConfig(temp).toString());
    Path plan =
        plan(
            planJson(
                "t",
                wave(
                    1,
                    batch(
                        "gate",
                        1,
                        "touch /workspace/holding; until [ -f /workspace/open ]; do sleep 0.1; done")),
                wave(
                    2,
                    batch("later-1", 1, "echo ran > /workspace/ran-$BATCH_ID"),
                    batch("later-2", 1, "echo ran > /workspace/ran-$BATCH_ID"))));

    CompletableFuture<CliRun> running =
        CompletableFuture.supplyAsync(() -> cfnWave(runWith(plan, image.reference())));
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!Files.exists(workspace.resolve("holding"))) {
      assertThat(System.nanoTime()).as("wave 1 started").isLessThan(deadline);
      Thread.sleep(100);
    }
    String moved = registry.pushAs("cfn-wave/busybox:latest", image, temp);
    assertThat(moved).isNotEqualTo(image.digest());
    Files.writeString(workspace.resolve("open"), "");
    CliRun run = running.get();

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(workspace.resolve("ran-later-1")).exists();
    assertThat(workspace.resolve("ran-later-2")).exists();
    assertThat(attempts(run.json()))
        .hasSize(3)
        .allSatisfy(a -> assertThat(a.get("image_digest").asText()).endsWith(image.digest()));
  }
}
