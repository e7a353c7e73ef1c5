package dev.cfnwave.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cfnwave.InputException;
import dev.cfnwave.InputProblems;
import dev.cfnwave.ToolFailureException;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.BackendCapabilities;
import dev.cfnwave.backend.ImagePullException;
import dev.cfnwave.backend.ImagePullException.Reason;
import dev.cfnwave.backend.memory.DelegatingBackend;
import dev.cfnwave.backend.memory.FakeImages;
import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.plan.ImageReference;
import dev.cfnwave.testing.JsonSchemas;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreparedImagesTest {

  private static final String ONE = "sha256:" + "1".repeat(64);
  private static final String TWO = "sha256:" + "2".repeat(64);

  @TempDir Path runDirectory;

  private final InMemoryBackend backend = new InMemoryBackend();
  private final FakeImages images = backend.images();
  private final List<WaveEvent> events = new CopyOnWriteArrayList<>();
  private final List<Duration> slept = new CopyOnWriteArrayList<>();
  private final List<PreparedImages> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(PreparedImages::close);
    backend.close();
  }

  private static NeededImage need(String image, String source) {
    return new NeededImage(image, ImageReference.parse(image), source, "batch-" + image);
  }

  private static NeededImage base(String image) {
    return need(image, "--base-image " + image);
  }

  private PreparedImages check(
      PullSettings settings, Map<String, PinnedImage> earlier, NeededImage... needs) {
    return check(backend, settings, earlier, needs);
  }

  private PreparedImages check(
      Backend on, PullSettings settings, Map<String, PinnedImage> earlier, NeededImage... needs) {
    PreparedImages prepared =
        PreparedImages.check(on, List.of(needs), settings, earlier, events::add, slept::add);
    opened.add(prepared);
    return prepared;
  }

  private PreparedImages check(PullPolicy policy, NeededImage... needs) {
    return check(new PullSettings(policy, Duration.ofMinutes(10), 2), Map.of(), needs);
  }

  @Test
  void anImageBuiltHereRunsAsItsIdAndIsNotPulled() {
    images.onlyThoseAdded().add("agent:1", ONE);

    PreparedImages prepared = check(PullPolicy.MISSING, base("agent:1"));
    prepared.start(runDirectory);

    assertThat(prepared.ready("agent:1")).contains(new PinnedImage("agent:1", ONE, ONE, false));
    assertThat(images.pulls()).isEmpty();
  }

  @Test
  void anIdWithoutItsAlgorithmIsPinnedWithIt() {
    images.onlyThoseAdded().add("agent:1", "1".repeat(64));

    PreparedImages prepared = check(PullPolicy.MISSING, base("agent:1"));

    assertThat(prepared.ready("agent:1").orElseThrow().runAs()).isEqualTo(ONE);
  }

  @Test
  void anImageWithARegistryDigestRunsAsThatDigestWhateverTheSpelling() {
    images.onlyThoseAdded().add("team/agent:1", ONE, "docker.io/team/agent@" + TWO);

    PreparedImages prepared = check(PullPolicy.MISSING, base("team/agent:1"));

    assertThat(prepared.ready("docker.io/team/agent:1"))
        .contains(new PinnedImage("team/agent:1", "team/agent@" + TWO, TWO, false));
  }

  @Test
  void aMissingImageIsCheckedWithoutPullingThenPulledOnceAndPinned() {
    images.onlyThoseAdded().publish("localhost:5000/agent:1", TWO, 3 << 20);

    PreparedImages prepared = check(PullPolicy.MISSING, base("localhost:5000/agent:1"));
    assertThat(images.pulls()).isEmpty();
    assertThat(prepared.preview())
        .containsExactly(
            "localhost:5000/agent:1 is missing where attempts run and would be pulled (3MB)");
    assertThat(prepared.ready("localhost:5000/agent:1")).isEmpty();

    prepared.start(runDirectory);
    prepared.awaitAll();

    PinnedImage pin =
        new PinnedImage("localhost:5000/agent:1", "localhost:5000/agent@" + TWO, TWO, true);
    assertThat(prepared.ready("localhost:5000/agent:1")).contains(pin);
    assertThat(images.pulls()).containsExactly("localhost:5000/agent:1");
    assertThat(PinsFile.read(runDirectory)).containsValue(pin);
    JsonSchemas.requireValidFile(JsonSchemas.IMAGES, runDirectory.resolve(PinsFile.NAME));
    assertThat(prepared.pulled()).containsExactly(pin);
    assertThat(events)
        .hasAtLeastOneElementOfType(WaveEvent.ImagePullProgress.class)
        .anySatisfy(
            e ->
                assertThat(e)
                    .isEqualTo(
                        new WaveEvent.ImagePullProgress(
                            "localhost:5000/agent:1", 2, 2, 3 << 20, 3 << 20)));
  }

  @Test
  void anImageWithoutATagIsPulledAsLatestNotEveryTag() {
    images.onlyThoseAdded().publish("agent:latest", TWO, 1);

    PreparedImages prepared = check(PullPolicy.MISSING, base("agent"));
    prepared.start(null);
    prepared.awaitAll();

    assertThat(images.pulls()).containsExactly("agent:latest");
    assertThat(prepared.ready("agent").orElseThrow().runAs()).isEqualTo("agent@" + TWO);
  }

  @Test
  void withPullNeverAMissingImageIsRefusedAtItsPlace() {
    images.onlyThoseAdded().publish("agent:1", TWO, 1);

    assertThatThrownBy(() -> check(PullPolicy.NEVER, base("agent:1")))
        .isInstanceOf(InputException.class)
        .hasMessage(
            "--base-image agent:1: agent:1 is not where attempts run, and --pull never forbids"
                + " pulling it");
    assertThat(images.pulls()).isEmpty();
  }

  @Test
  void everyImageThatCannotBeUsedIsOneLineAndNothingIsPulled() {
    images
        .onlyThoseAdded()
        .publish("agent:1", ONE, 1)
        .failLookups(
            "localhost:5000/private:1",
            new ImagePullException(
                Reason.UNAUTHORIZED, "localhost:5000 refused the credentials from config.json"))
        .failLookups(
            "localhost:5000/gone:1",
            new ImagePullException(Reason.NOT_FOUND, "localhost:5000 has no gone:1"));

    assertThatThrownBy(
            () ->
                check(
                    PullPolicy.MISSING,
                    base("agent:1"),
                    need("localhost:5000/private:1", "plan.json: $.waves[0].batches[1].image"),
                    need("localhost:5000/gone:1", "plan.json: $.waves[1].batches[0].image")))
        .isInstanceOfSatisfying(
            InputProblems.class,
            e ->
                assertThat(e.lines())
                    .containsExactly(
                        "plan.json: $.waves[0].batches[1].image: localhost:5000 refused the credentials from config.json",
                        "plan.json: $.waves[1].batches[0].image: localhost:5000 has no gone:1"));
    assertThat(images.pulls()).isEmpty();
  }

  @Test
  void aRegistryThatAsksToComeBackLaterIsNoReasonToRefuse() {
    images
        .onlyThoseAdded()
        .publish("agent:1", ONE, 1)
        .failLookups("agent:1", new ImagePullException(Reason.RATE_LIMITED, "too many requests"));

    PreparedImages prepared = check(PullPolicy.MISSING, base("agent:1"));
    prepared.start(null);
    prepared.awaitAll();

    assertThat(prepared.ready("agent:1")).isPresent();
  }

  @Test
  void pullAlwaysPullsAPresentImageOnceAndItDoesNotCountAsPulledByTheRun() {
    images.onlyThoseAdded().add("agent:1", ONE).publish("agent:1", TWO, 1);

    PreparedImages prepared = check(PullPolicy.ALWAYS, base("agent:1"));
    assertThat(prepared.preview())
        .containsExactly("agent:1 would be pulled again (--pull always) (1B)");
    prepared.start(null);
    prepared.awaitAll();

    assertThat(images.pulls()).containsExactly("agent:1");
    assertThat(prepared.ready("agent:1").orElseThrow().runAs()).isEqualTo("agent@" + TWO);
    assertThat(prepared.pulled()).isEmpty();
  }

  @Test
  void aRateLimitedPullIsTriedAgainAfterTheTimeAskedThenABackoff() {
    images
        .onlyThoseAdded()
        .publish("agent:1", ONE, 1)
        .failPulls(
            "agent:1",
            new ImagePullException(Reason.RATE_LIMITED, "slow down", Duration.ofSeconds(7), null),
            new ImagePullException(Reason.RATE_LIMITED, "slow down"));

    PreparedImages prepared = check(PullPolicy.MISSING, base("agent:1"));
    prepared.start(null);
    prepared.awaitAll();

    assertThat(slept).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(20));
    assertThat(images.pulls()).hasSize(3);
  }

  @Test
  void aPullStillRateLimitedAfterThreeRetriesFailsWithTheRegistrysWords() {
    ImagePullException limited =
        new ImagePullException(Reason.RATE_LIMITED, "agent:1: the registry limits pulls");
    images
        .onlyThoseAdded()
        .publish("agent:1", ONE, 1)
        .failPulls("agent:1", limited, limited, limited, limited);

    PreparedImages prepared = check(PullPolicy.MISSING, base("agent:1"));
    prepared.start(null);

    assertThatThrownBy(prepared::awaitAll)
        .isInstanceOf(InputException.class)
        .hasMessage("--base-image agent:1: agent:1: the registry limits pulls");
    assertThat(images.pulls()).hasSize(4);
    assertThat(prepared.failure("agent:1"))
        .contains("--base-image agent:1: agent:1: the registry limits pulls");
  }

  @Test
  void anEngineErrorThatIsNoPullFailureStillSaysTheImageCannotBePulled() {
    images
        .onlyThoseAdded()
        .publish("agent:1", ONE, 1)
        .failPulls("agent:1", new dev.cfnwave.backend.EngineException("engine answered 500"));

    PreparedImages prepared = check(PullPolicy.MISSING, base("agent:1"));
    prepared.start(null);

    assertThatThrownBy(prepared::awaitAll)
        .isInstanceOf(InputException.class)
        .hasMessage(
            "--base-image agent:1: agent:1 is not where attempts run and cannot be pulled: engine"
                + " answered 500");
  }

  @Test
  void aPullThatFillsTheDiskIsTheToolsFailure() {
    images
        .onlyThoseAdded()
        .publish("agent:1", ONE, 1)
        .failPulls(
            "agent:1", new ImagePullException(Reason.DISK_FULL, "the engine's disk is full"));

    PreparedImages prepared = check(PullPolicy.MISSING, base("agent:1"));
    prepared.start(null);

    assertThatThrownBy(prepared::awaitAll)
        .isInstanceOf(ToolFailureException.class)
        .hasMessage("--base-image agent:1: the engine's disk is full");
    assertThatThrownBy(prepared::requireNoToolFailure).isInstanceOf(ToolFailureException.class);
  }

  @Test
  void imagesArePulledFirstNeededFirstAtMostTheLimitAtOnce() {
    images.onlyThoseAdded();
    List<NeededImage> needs = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      images.publish("agent-" + i + ":1", ONE, 1);
      needs.add(base("agent-" + i + ":1"));
    }
    images.holdPulls();

    PreparedImages prepared =
        check(
            new PullSettings(PullPolicy.MISSING, Duration.ofMinutes(1), 2),
            Map.of(),
            needs.toArray(NeededImage[]::new));
    prepared.start(null);
    await().until(() -> images.pullsRunning() == 2);
    assertThat(images.pulls()).containsExactly("agent-1:1", "agent-2:1");
    images.releasePulls();
    prepared.awaitAll();

    assertThat(images.mostPullsAtOnce()).isEqualTo(2);
    assertThat(images.pulls()).startsWith("agent-1:1", "agent-2:1").hasSize(5);
  }

  @Test
  void aResumedRunRunsWhatItPinnedEvenWhenTheTagMovedMeanwhile() {
    PinnedImage earlier = new PinnedImage("agent:1", "agent@" + ONE, ONE, true);
    images.onlyThoseAdded().add("agent:1", "sha256:" + "9".repeat(64), "agent@" + TWO);
    images.add("agent@" + ONE, "sha256:" + "8".repeat(64), "agent@" + ONE);

    PreparedImages prepared =
        check(
            PullSettings.DEFAULTS,
            Map.of(ImageReference.parse("agent:1").normalized(), earlier),
            base("agent:1"));

    assertThat(prepared.ready("agent:1")).contains(earlier);
    assertThat(prepared.pulled()).containsExactly(earlier);
    assertThat(images.pulls()).isEmpty();
  }

  @Test
  void aPinnedImageGoneMeanwhileIsPulledAgainByItsDigest() {
    PinnedImage earlier = new PinnedImage("agent:1", "agent@" + ONE, ONE, false);
    images.onlyThoseAdded().publish("agent@" + ONE, ONE, 1);

    PreparedImages prepared =
        check(
            PullSettings.DEFAULTS,
            Map.of(ImageReference.parse("agent:1").normalized(), earlier),
            base("agent:1"));
    prepared.start(null);
    prepared.awaitAll();

    assertThat(images.pulls()).containsExactly("agent@" + ONE);
    assertThat(prepared.ready("agent:1")).contains(earlier);
  }

  @Test
  void aPinnedLocalImageGoneMeanwhileCannotBeHadAgain() {
    PinnedImage earlier = new PinnedImage("agent:1", ONE, ONE, false);
    images.onlyThoseAdded();

    assertThatThrownBy(
            () ->
                check(
                    PullSettings.DEFAULTS,
                    Map.of(ImageReference.parse("agent:1").normalized(), earlier),
                    base("agent:1")))
        .isInstanceOf(InputException.class)
        .hasMessage(
            "--base-image agent:1: agent:1 ran as "
                + ONE
                + " in this run, which is no longer where attempts run, and cannot be pulled (it"
                + " was built or imported there)");
  }

  @Test
  void onNodesAnImageWithoutARegistryDigestKeepsItsTag() {
    images.onlyThoseAdded().add("agent:1", ONE);
    Backend swarm =
        new DelegatingBackend(backend) {
          @Override
          public BackendCapabilities capabilities() {
            return new BackendCapabilities(true, true, false, false);
          }
        };

    PreparedImages prepared = check(swarm, PullSettings.DEFAULTS, Map.of(), base("agent:1"));

    assertThat(prepared.ready("agent:1")).contains(PinnedImage.asWritten("agent:1"));
    assertThat(events)
        .anySatisfy(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        WaveEvent.Note.class,
                        n -> assertThat(n.message()).contains("the nodes run it by its tag")));
  }

  @Test
  void anImageItsRegistryCouldNotBeAskedAboutIsPulledBeforeAnythingElse() {
    images
        .onlyThoseAdded()
        .failPulls(
            "private/agent:1",
            new ImagePullException(Reason.UNAUTHORIZED, "private/agent:1 needs credentials"));

    PreparedImages prepared = check(PullPolicy.MISSING, base("private/agent:1"));

    assertThatThrownBy(prepared::pullUnconfirmed)
        .isInstanceOf(InputException.class)
        .hasMessage("--base-image private/agent:1: private/agent:1 needs credentials");
    assertThat(images.pulls()).containsExactly("private/agent:1");
  }

  @Test
  void anImageItsRegistryConfirmedWaitsForStartAndIsPulledOnce() {
    images.onlyThoseAdded().publish("agent:1", ONE, 1);

    PreparedImages prepared = check(PullPolicy.MISSING, base("agent:1"));
    prepared.pullUnconfirmed();
    assertThat(images.pulls()).isEmpty();
    prepared.start(null);
    prepared.awaitAll();

    assertThat(images.pulls()).containsExactly("agent:1");
  }

  @Test
  void anImagePulledBeforeStartIsNotPulledAgain() {
    images.onlyThoseAdded().publish("agent:1", ONE, 1).silentLookups("agent:1");

    PreparedImages prepared = check(PullPolicy.MISSING, base("agent:1"));
    prepared.pullUnconfirmed();
    prepared.start(runDirectory);
    prepared.awaitAll();

    assertThat(images.pulls()).containsExactly("agent:1");
    assertThat(prepared.ready("agent:1")).isPresent();
  }
}
