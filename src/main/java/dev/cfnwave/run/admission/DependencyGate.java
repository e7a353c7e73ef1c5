package dev.cfnwave.run.admission;

import dev.cfnwave.run.journal.BatchRun;
import java.util.List;

/**
 * Holds back the candidates of a schedule whose dependencies have not all succeeded yet: under
 * {@code waves} they order batches within a wave, under {@code continuous} a batch starts as soon
 * as they succeeded.
 */
final class DependencyGate implements AdmissionPolicy {

  private final AdmissionPolicy schedule;
  private final Dependencies dependencies;

  DependencyGate(AdmissionPolicy schedule, Dependencies dependencies) {
    this.schedule = schedule;
    this.dependencies = dependencies;
  }

  /** The schedule itself when no batch depends on another. */
  static AdmissionPolicy around(AdmissionPolicy schedule, List<BatchRun> batches) {
    Dependencies dependencies = Dependencies.of(batches);
    return dependencies.any() ? new DependencyGate(schedule, dependencies) : schedule;
  }

  @Override
  public List<BatchRun> candidates() {
    return schedule.candidates().stream().filter(dependencies::met).toList();
  }

  @Override
  public void settled(BatchRun batch) {
    schedule.settled(batch);
  }

  @Override
  public void advance() {
    schedule.advance();
  }
}
