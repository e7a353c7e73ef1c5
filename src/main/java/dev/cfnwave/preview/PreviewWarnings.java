package dev.cfnwave.preview;

import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.preview.PreviewDocument.Start;
import dev.cfnwave.preview.PreviewDocument.WaveSummary;
import dev.cfnwave.run.RunBudget;
import dev.cfnwave.run.admission.Estimates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What would not stop the run but is worth knowing before it: a wave that cannot start at once and
 * runs in rounds, a --memory-budget above what the engine allows, a batch expected to outlast its
 * --batch-timeout, a wave predicted to outlast --timeout.
 */
final class PreviewWarnings {

  private PreviewWarnings() {}

  static List<String> of(
      RunPreview.Request request, RunBudget budget, StartOrder.Result order, Estimates estimates) {
    List<String> warnings = new ArrayList<>();
    if (budget != null && budget.size().compareTo(budget.engine()) > 0) {
      warnings.add(
          "the memory budget "
              + budget.size().dockerForm()
              + " is above the engine's "
              + budget.engine().humanForm()
              + ": the engine's is the one that holds");
    }
    for (WaveSummary wave : order.waves()) {
      if (wave.rounds() != null && wave.rounds() > 1) {
        MemorySize held =
            budget.size().compareTo(budget.engine()) <= 0 ? budget.size() : budget.engine();
        warnings.add(
            "wave "
                + wave.waveNumber()
                + ": its "
                + wave.batches()
                + " batches need "
                + wave.memoryTotal()
                + " at once, the budget holds "
                + held.humanForm()
                + " ("
                + firstRound(order.starts(), wave.waveNumber())
                + " of them at first): they start in "
                + wave.rounds()
                + " rounds");
      }
      if (request.waveTimeout() != null
          && wave.predictedSeconds() != null
          && wave.predictedSeconds() > StartOrder.seconds(request.waveTimeout())) {
        warnings.add(
            "wave "
                + wave.waveNumber()
                + " is predicted to take "
                + seconds(wave.predictedSeconds())
                + ", longer than its --timeout "
                + seconds(StartOrder.seconds(request.waveTimeout())));
      }
    }
    if (request.batchTimeout() != null) {
      for (Wave wave : request.plan().waves()) {
        if (!request.includesWave(wave.waveNumber())) {
          continue;
        }
        for (Batch b : wave.batches()) {
          Duration expected = estimates.byBatchId().get(b.batchId());
          if (expected != null && expected.compareTo(request.batchTimeout()) > 0) {
            warnings.add(
                "batch '"
                    + b.batchId()
                    + "' is expected to run "
                    + seconds(StartOrder.seconds(expected))
                    + (b.expected().isPresent() ? " (its expected_seconds)" : " (earlier runs)")
                    + ", longer than --batch-timeout "
                    + seconds(StartOrder.seconds(request.batchTimeout()))
                    + ": it would time out");
          }
        }
      }
    }
    return warnings;
  }

  /** How many of the wave's batches start in its first round. */
  private static long firstRound(List<Start> starts, int waveNumber) {
    List<Start> own = starts.stream().filter(s -> s.waveNumber() == waveNumber).toList();
    int first = own.stream().mapToInt(Start::round).min().orElse(0);
    return own.stream().filter(s -> s.round() == first).count();
  }

  private static String seconds(double value) {
    return (value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value))
        + " s";
  }
}
