package dev.cfnwave.cleanup;

import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.CfnLabels;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which cfn-wave containers to clean up. Only containers labelled cfn.managed=true are ever
 * candidates; the wave number and task id narrow by label, the pattern by name (a glob such as
 * cfn-wave1-*), the ids by manifest. With a wave number and no pattern, the spec's default pattern
 * cfn-wave{N}-* applies. --orphans keeps only containers of runs whose orchestrator is gone;
 * containers of a live run are never selected (the run removes them itself).
 */
public record CleanupSelection(
    Integer waveNumber, String pattern, Set<String> containerIds, String taskId, boolean orphans) {

  public CleanupSelection {
    containerIds = containerIds == null ? null : Set.copyOf(containerIds);
    if (waveNumber == null
        && pattern == null
        && containerIds == null
        && taskId == null
        && !orphans) {
      throw new IllegalArgumentException(
          "say what to clean up: --wave-number, --pattern, --containers, --task-id or --orphans");
    }
  }

  /** The label filter for the engine's list call. */
  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>(CfnLabels.managed());
    if (waveNumber != null) {
      labels.put(CfnLabels.WAVE_NUMBER, waveNumber.toString());
    }
    if (taskId != null) {
      labels.put(CfnLabels.TASK_ID, taskId);
    }
    return labels;
  }

  public String effectivePattern() {
    if (pattern != null) {
      return pattern;
    }
    return waveNumber != null && containerIds == null ? "cfn-wave" + waveNumber + "-*" : null;
  }

  public boolean matches(AttemptStatus container) {
    if (!"true".equals(container.labels().get(CfnLabels.MANAGED))) {
      return false;
    }
    String glob = effectivePattern();
    if (glob != null && !globMatches(glob, container.name())) {
      return false;
    }
    if (containerIds != null && containerIds.stream().noneMatch(container.handle()::startsWith)) {
      return false;
    }
    return orphans ? Orphans.isOrphan(container) : !Orphans.belongsToLiveRun(container);
  }

  private static boolean globMatches(String glob, String name) {
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    return matcher.matches(Path.of(name));
  }
}
