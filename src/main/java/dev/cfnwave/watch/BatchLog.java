package dev.cfnwave.watch;

import dev.cfnwave.InputException;
import dev.cfnwave.backend.AttemptNotFoundException;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.render.RunHistory;
import dev.cfnwave.render.RunHistory.AttemptHistory;
import dev.cfnwave.render.RunHistory.BatchHistory;
import dev.cfnwave.run.journal.RunFolder;
import dev.cfnwave.run.journal.RunHistoryReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Prints one attempt's log of a run: the log kept in the run folder once the attempt ended, else
 * what its container wrote so far, from the engine; following, what it writes until it ends. A
 * followed batch that has not launched yet is waited for while its run runs.
 */
public final class BatchLog {

  /** Batch ids are listed in an unknown batch's message up to this many. */
  static final int LISTED_BATCHES = 20;

  private final Path folder;
  private final RunHistoryReader.WaveSelector selector;
  private final Supplier<Backend> engine;
  private final Runnable pause;
  private final Consumer<String> note;

  /**
   * @param engine opens the backend the run used, for an attempt that has not ended
   * @param pause waits a little before the run folder is read again (following, not launched yet)
   * @param note told, in one line, what is printed when it is not the kept log
   */
  public BatchLog(
      Path folder,
      RunHistoryReader.WaveSelector selector,
      Supplier<Backend> engine,
      Runnable pause,
      Consumer<String> note) {
    this.folder = folder;
    this.selector = selector;
    this.engine = engine;
    this.pause = pause;
    this.note = note;
  }

  /**
   * Writes the log of the batch's attempt (null: its latest) to {@code out}.
   *
   * @throws InputException naming the batch or the attempt when the run has no such one, or no log
   *     of it can be had
   */
  public void print(String batchId, Integer attemptNumber, boolean follow, OutputStream out) {
    while (true) {
      RunState state = RunState.of(folder, RunFolder.journal(folder));
      RunHistory history = RunHistoryReader.read(folder, selector);
      BatchHistory batch = batchOf(history, batchId);
      AttemptHistory attempt = attemptOf(batch, attemptNumber);
      boolean launched = attempt != null && (attempt.handle() != null || attempt.endedAt() != null);
      boolean next = attemptNumber == null || attemptNumber == batch.attempts().size() + 1;
      if (!launched) {
        if (follow && state == RunState.RUNNING && (attempt != null || next)) {
          pause.run();
          continue;
        }
        if (attemptNumber != null && attempt == null) {
          throw new InputException(
              "--attempt " + attemptNumber,
              "batch " + batchId + " has " + attemptsOf(batch) + " in run " + history.runId());
        }
        throw new InputException(
            "BATCH " + batchId,
            (attempt == null ? "has not started" : "attempt " + attempt.number() + " is launching")
                + " in run "
                + history.runId()
                + " (--follow waits for it)");
      }
      copy(history, batch, attempt, follow, out);
      return;
    }
  }

  private void copy(
      RunHistory history,
      BatchHistory batch,
      AttemptHistory attempt,
      boolean follow,
      OutputStream out) {
    Path kept = keptLog(attempt);
    if (attempt.endedAt() != null && kept != null) {
      copyFile(kept, out);
      return;
    }
    if (attempt.handle() == null) {
      throw noLog(history, batch, attempt, "it never ran");
    }
    note.accept(
        "batch "
            + batch.batchId()
            + " attempt "
            + attempt.number()
            + ": "
            + (attempt.endedAt() == null ? "its container's log from the engine" : "not kept yet")
            + (follow && attempt.endedAt() == null ? ", followed until it ends" : ""));
    try {
      engine.get().copyLog(attempt.handle(), out, follow && attempt.endedAt() == null);
    } catch (AttemptNotFoundException e) {
      // Ended and disposed of since the journal was read: the log is kept by now, or never will be.
      Path keptSince = keptLog(attempt);
      if (keptSince == null) {
        throw noLog(history, batch, attempt, "its container is gone");
      }
      copyFile(keptSince, out);
    }
  }

  private Path keptLog(AttemptHistory attempt) {
    if (attempt.log() != null) {
      return attempt.log();
    }
    Path file = folder.resolve("logs").resolve(attempt.name() + ".log");
    return attempt.name() != null && Files.isRegularFile(file) ? file : null;
  }

  private static InputException noLog(
      RunHistory history, BatchHistory batch, AttemptHistory attempt, String why) {
    return new InputException(
        "BATCH " + batch.batchId(),
        "no log of attempt "
            + attempt.number()
            + " in run "
            + history.runId()
            + ": "
            + why
            + " and the run kept none (it keeps failed attempts' logs unless run with"
            + " --no-preserve-failed-logs, every one with --preserve-all-logs)");
  }

  private static BatchHistory batchOf(RunHistory history, String batchId) {
    for (BatchHistory b : history.batches()) {
      if (b.batchId().equals(batchId)) {
        return b;
      }
    }
    List<String> ids = history.batches().stream().map(BatchHistory::batchId).toList();
    String known =
        ids.size() <= LISTED_BATCHES
            ? "its batches: " + String.join(", ", ids)
            : "it has " + ids.size() + " batches (cfn-wave status lists them)";
    throw new InputException(
        "BATCH " + batchId, "no such batch in run " + history.runId() + "; " + known);
  }

  private static AttemptHistory attemptOf(BatchHistory batch, Integer number) {
    if (number == null) {
      return batch.last();
    }
    return batch.attempts().stream().filter(a -> a.number() == number).findFirst().orElse(null);
  }

  private static String attemptsOf(BatchHistory batch) {
    int count = batch.attempts().size();
    return count == 0
        ? "no attempts yet"
        : count == 1 ? "attempt 1 only" : "attempts 1 to " + count;
  }

  private static void copyFile(Path file, OutputStream out) {
    try {
      Files.copy(file, out);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
