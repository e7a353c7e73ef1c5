package dev.cfnwave.cli;

import dev.cfnwave.plan.PlanReader;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.WavePlan;
import java.nio.file.Path;
import java.util.List;

/**
 * A plan read with the tiers of CFN_TIER_N_MEMORY, and the waves --waves selects (null: all): the
 * first check of run, run --dry-run and validate alike.
 */
record SelectedPlan(WavePlan plan, List<Integer> waves) {

  static SelectedPlan read(
      Context context, StderrRenderer renderer, Path planFile, String waveSelection) {
    TierTable tiers = TierTable.fromEnvironment(context.environment);
    WavePlan plan = new PlanReader(tiers, renderer::warn).read(planFile);
    return new SelectedPlan(plan, WaveSelection.parse(waveSelection, plan));
  }
}
