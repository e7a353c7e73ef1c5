package dev.cfnwave.run;

import dev.cfnwave.event.WaveListener;
import dev.cfnwave.run.journal.Attempt;
import dev.cfnwave.run.journal.AttemptEnd;
import dev.cfnwave.run.journal.BatchRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What attempts' output folders decide: an ended attempt's outcome as its folder and result file
 * bear on it, and which running attempts grew past --output-limit. Confined to the run's thread.
 */
final class OutputChecks {

  private final OutputFolders outputs;
  private final OutputSettings settings;
  private final Duration checkInterval;
  private final WaveListener listener;
  private Instant nextCheck = Instant.MIN;

  OutputChecks(
      OutputFolders outputs,
      OutputSettings settings,
      Duration checkInterval,
      WaveListener listener) {
    this.outputs = outputs;
    this.settings = settings;
    this.checkInterval = checkInterval;
    this.listener = listener;
  }

  /**
   * The end as the attempt's output folder bears on it (a folder over the limit fails it and is cut
   * down to the limit), its warnings said on stderr.
   */
  AttemptEnd decide(Attempt attempt, AttemptEnd how) {
    if (!outputs.enabled()) {
      return how;
    }
    AttemptEnd decided =
        OutputVerdict.apply(
            how, outputs.collect(attempt), settings.limit().bytes(), settings.trustResultStatus());
    decided = decided.withOutput(outputs.cutToLimit(attempt, decided.output()));
    decided.output().warnings().forEach(w -> listener.warn(attempt.name + ": " + w));
    return decided;
  }

  /**
   * The running attempts, not already stopping, whose output folder is over --output-limit; each
   * folder is measured at most once per check interval.
   */
  List<BatchRun> overLimit(Collection<BatchRun> running, Instant now) {
    List<BatchRun> over = new ArrayList<>();
    if (!outputs.enabled() || now.isBefore(nextCheck)) {
      return over;
    }
    nextCheck = now.plus(checkInterval);
    for (BatchRun b : running) {
      Attempt attempt = b.current();
      if (attempt.stopReason == null && outputs.isOverLimit(outputs.measure(attempt))) {
        listener.warn(
            attempt.name
                + ": its output folder is over --output-limit ("
                + settings.limit().dockerForm()
                + "): stopping it");
        over.add(b);
      }
    }
    return over;
  }
}
