package dev.cfnwave.spawn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.attempt.SpawnSettings;
import dev.cfnwave.backend.ContainerSecurity;
import dev.cfnwave.backend.memory.FakeImages;
import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.image.PreparedImages;
import dev.cfnwave.image.PullSettings;
import dev.cfnwave.image.RunImages;
import dev.cfnwave.plan.PlanReader;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.report.SpawnManifest;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** spawn with images: each container runs its batch's pinned image; a dry run pulls nothing. */
class SpawnImagesTest {

  private static final String BASE = "team/agent:1";
  private static final String OWN = "localhost:5000/team/own:2";
  private static final String D1 = "sha256:" + "1".repeat(64);
  private static final String D2 = "sha256:" + "2".repeat(64);

  private final InMemoryBackend backend = new InMemoryBackend();
  private final FakeImages images = backend.images().onlyThoseAdded();
  private final WavePlan plan =
      new PlanReader(TierTable.defaults(), w -> {})
          .parse(
              "plan.json",
              """
              {"waves": [{"wave_number": 1, "batches": [
                {"batch_id": "a", "tier": 1, "task_prompt": "ms=10"},
                {"batch_id": "b", "tier": 1, "image": "%s", "task_prompt": "ms=10"}]}]}
              """
                  .formatted(OWN));

  @AfterEach
  void close() {
    backend.close();
  }

  private SpawnManifest spawn(boolean dryRun) {
    SpawnSettings settings =
        new SpawnSettings(BASE, null, null, Map.of(), 2, "unit", dryRun, ContainerSecurity.DEFAULT);
    try (PreparedImages prepared =
        PreparedImages.check(
            backend,
            RunImages.of(plan, BASE, n -> n == 1),
            PullSettings.DEFAULTS,
            Map.of(),
            WaveListener.NONE)) {
      if (dryRun) {
        assertThat(prepared.preview())
            .containsExactly(OWN + " is missing where attempts run and would be pulled (5MB)");
      } else {
        prepared.start(null);
        prepared.awaitAll();
      }
      return new WaveSpawner(backend, WaveListener.NONE)
          .spawn(null, plan.wave(1), settings, prepared);
    }
  }

  @Test
  void eachContainerRunsItsBatchsImagePinnedAndTheManifestSaysWhich() {
    images.add(BASE, "sha256:" + "a".repeat(64), "team/agent@" + D1).publish(OWN, D2, 5 << 20);

    SpawnManifest manifest = spawn(false);

    assertThat(manifest.containers())
        .extracting(
            SpawnManifest.Entry::batchId,
            SpawnManifest.Entry::status,
            SpawnManifest.Entry::image,
            SpawnManifest.Entry::imageDigest)
        .containsExactly(
            Tuple.tuple("a", "running", BASE, D1), Tuple.tuple("b", "running", OWN, D2));
    assertThat(backend.engine().imagesCreatedFor("b"))
        .containsExactly("localhost:5000/team/own@" + D2);
    assertThat(images.pulls()).containsExactly(OWN);
  }

  @Test
  void aDryRunSaysWhatWouldBePulledAndPullsNothing() {
    images.add(BASE, "sha256:" + "a".repeat(64), "team/agent@" + D1).publish(OWN, D2, 5 << 20);

    SpawnManifest manifest = spawn(true);

    assertThat(images.pulls()).isEmpty();
    assertThat(backend.createdCount()).isZero();
    assertThat(manifest.containers())
        .extracting(SpawnManifest.Entry::status, SpawnManifest.Entry::imageDigest)
        .containsExactly(Tuple.tuple("dry_run", D1), Tuple.tuple("dry_run", null));
  }
}
