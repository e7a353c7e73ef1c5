package dev.cfnwave.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.backend.AttemptPhase;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.report.OrchestratorIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleanupSelectionTest {

  private static final String ID = "3f2a9c1b7d4e" + "0".repeat(52);

  private static AttemptStatus managed(String id, String name) {
    return container(id, name, Map.of(CfnLabels.MANAGED, "true"));
  }

  private static AttemptStatus container(String id, String name, Map<String, String> labels) {
    return new AttemptStatus(
        id, name, AttemptPhase.ENDED, "exited", 0L, false, null, null, null, labels, 0, null);
  }

  private static CleanupSelection wave(int number) {
    return new CleanupSelection(number, null, null, null, false);
  }

  @Test
  void needsAtLeastOneSelector() {
    assertThatThrownBy(() -> new CleanupSelection(null, null, null, null, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--wave-number")
        .hasMessageContaining("--pattern")
        .hasMessageContaining("--containers")
        .hasMessageContaining("--task-id");
  }

  @Test
  void waveNumberAloneUsesTheSpecsDefaultPattern() {
    assertThat(wave(3).effectivePattern()).isEqualTo("cfn-wave3-*");
  }

  @Test
  void explicitPatternBeatsTheDefault() {
    assertThat(new CleanupSelection(3, "cfn-wave3-batch-*", null, null, false).effectivePattern())
        .isEqualTo("cfn-wave3-batch-*");
  }

  @Test
  void waveNumberWithManifestIdsHasNoPattern() {
    assertThat(new CleanupSelection(3, null, Set.of("abc"), null, false).effectivePattern())
        .isNull();
  }

  @Test
  void taskIdAloneHasNoPattern() {
    assertThat(new CleanupSelection(null, null, null, "task-1", false).effectivePattern()).isNull();
  }

  @Test
  void defaultPatternMatchesTheWavesContainers() {
    assertThat(wave(1).matches(managed(ID, "cfn-wave1-iter1-batch-1-0a1b2c3d"))).isTrue();
  }

  @Test
  void defaultPatternSparesOtherWavesWithTheSameLeadingDigit() {
    assertThat(wave(1).matches(managed(ID, "cfn-wave12-batch-1-0a1b2c3d"))).isFalse();
    assertThat(wave(1).matches(managed(ID, "cfn-wave2-batch-1-0a1b2c3d"))).isFalse();
  }

  @Test
  void cleanupSparesUnlabelledLookAlike() {
    AttemptStatus lookAlike = container(ID, "cfn-wave1-batch-1-0a1b2c3d", Map.of());

    assertThat(wave(1).matches(lookAlike)).isFalse();
    assertThat(new CleanupSelection(null, "*", null, null, false).matches(lookAlike)).isFalse();
    assertThat(new CleanupSelection(null, null, Set.of(ID), null, false).matches(lookAlike))
        .isFalse();
    assertThat(new CleanupSelection(null, null, null, "t", false).matches(lookAlike)).isFalse();
  }

  @Test
  void managedLabelMustBeExactlyTrue() {
    for (String value : new String[] {"false", "TRUE", "yes", "", "1"}) {
      AttemptStatus container =
          container(ID, "cfn-wave1-batch-1", Map.of(CfnLabels.MANAGED, value));

      assertThat(wave(1).matches(container)).as("cfn.managed=%s", value).isFalse();
    }
  }

  @Test
  void otherCfnLabelsDoNotMakeAContainerManaged() {
    AttemptStatus container =
        container(
            ID,
            "cfn-wave1-batch-1",
            Map.of(CfnLabels.WAVE_NUMBER, "1", CfnLabels.RUN_ID, "r", CfnLabels.TASK_ID, "t"));

    assertThat(wave(1).matches(container)).isFalse();
  }

  @Test
  void globPatternMatchesByName() {
    CleanupSelection selection =
        new CleanupSelection(null, "cfn-wave?-batch-[12]*", null, null, false);

    assertThat(selection.matches(managed(ID, "cfn-wave1-batch-1-run"))).isTrue();
    assertThat(selection.matches(managed(ID, "cfn-wave9-batch-2"))).isTrue();
    assertThat(selection.matches(managed(ID, "cfn-wave1-batch-3-run"))).isFalse();
    assertThat(selection.matches(managed(ID, "cfn-wave10-batch-1"))).isFalse();
  }

  @Test
  void globMustMatchTheWholeName() {
    CleanupSelection selection = new CleanupSelection(null, "batch-1", null, null, false);

    assertThat(selection.matches(managed(ID, "cfn-wave1-batch-1-run"))).isFalse();
    assertThat(selection.matches(managed(ID, "batch-1"))).isTrue();
  }

  @Test
  void containerIdsMatchByPrefix() {
    CleanupSelection selection =
        new CleanupSelection(null, null, Set.of("3f2a9c1b7d4e"), null, false);

    assertThat(selection.matches(managed(ID, "any-name"))).isTrue();
    assertThat(selection.matches(managed("3f2a9c1b7d4f" + "0".repeat(52), "any-name"))).isFalse();
  }

  @Test
  void fullContainerIdMatches() {
    assertThat(new CleanupSelection(null, null, Set.of(ID), null, false).matches(managed(ID, "n")))
        .isTrue();
  }

  @Test
  void idPrefixIsNotASubstringMatch() {
    CleanupSelection selection = new CleanupSelection(null, null, Set.of("9c1b7d4e"), null, false);

    assertThat(selection.matches(managed(ID, "n"))).isFalse();
  }

  @Test
  void emptyManifestMatchesNothing() {
    CleanupSelection selection = new CleanupSelection(null, null, Set.of(), null, false);

    assertThat(selection.matches(managed(ID, "cfn-wave1-batch-1"))).isFalse();
  }

  @Test
  void patternAndIdsMustBothMatch() {
    CleanupSelection selection =
        new CleanupSelection(null, "cfn-wave1-*", Set.of("3f2a9c1b7d4e"), null, false);

    assertThat(selection.matches(managed(ID, "cfn-wave1-a"))).isTrue();
    assertThat(selection.matches(managed(ID, "cfn-wave2-a"))).isFalse();
    assertThat(selection.matches(managed("ffff" + ID.substring(4), "cfn-wave1-a"))).isFalse();
  }

  @Test
  void labelsAlwaysIncludeManaged() {
    assertThat(new CleanupSelection(null, "*", null, null, false).labels())
        .containsExactly(Map.entry(CfnLabels.MANAGED, "true"));
  }

  @Test
  void labelsNarrowByWaveNumberAndTaskId() {
    assertThat(new CleanupSelection(4, null, null, "task-9", false).labels())
        .containsExactly(
            Map.entry("cfn.managed", "true"),
            Map.entry("cfn.wave.number", "4"),
            Map.entry("cfn.task.id", "task-9"));
  }

  @Test
  void patternAndIdsAreNotLabels() {
    assertThat(new CleanupSelection(null, "cfn-wave1-*", Set.of("abc"), null, false).labels())
        .containsOnlyKeys(CfnLabels.MANAGED);
  }

  @Test
  void containerIdsAreCopied() {
    Set<String> ids = new java.util.HashSet<>(Set.of("abc"));
    CleanupSelection selection = new CleanupSelection(null, null, ids, null, false);
    ids.add(ID);

    assertThat(selection.containerIds()).containsExactly("abc");
  }

  @Test
  void containersOfALiveRunAreNeverSelectedAndThoseOfADeadRunAreOrphans(@TempDir Path runs)
      throws Exception {
    Path live = Files.createDirectories(runs.resolve("live"));
    OrchestratorIdentity.current().writeTo(live);
    Path dead = Files.createDirectories(runs.resolve("dead"));
    new OrchestratorIdentity(
            Integer.MAX_VALUE, "2001-01-01T00:00:00Z", OrchestratorIdentity.current().host())
        .writeTo(dead);
    AttemptStatus ofLiveRun = ofRun("a", live);
    AttemptStatus ofDeadRun = ofRun("b", dead);
    AttemptStatus ofVanishedRun = ofRun("c", runs.resolve("gone"));

    CleanupSelection everything = new CleanupSelection(null, "*", null, null, false);
    CleanupSelection orphans = new CleanupSelection(null, null, null, null, true);

    assertThat(everything.matches(ofLiveRun)).isFalse();
    assertThat(everything.matches(ofDeadRun)).isTrue();
    assertThat(orphans.matches(ofLiveRun)).isFalse();
    assertThat(orphans.matches(ofDeadRun)).isTrue();
    assertThat(orphans.matches(ofVanishedRun)).isTrue();
  }

  private static AttemptStatus ofRun(String name, Path runDirectory) {
    return new AttemptStatus(
        name + "0000",
        name,
        AttemptPhase.RUNNING,
        "running",
        null,
        false,
        null,
        null,
        null,
        Map.of("cfn.managed", "true", "cfn.run.dir", runDirectory.toString()),
        0,
        null);
  }
}
