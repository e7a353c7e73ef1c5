package dev.cfnwave.run;

import dev.cfnwave.attempt.LogKeeper;
import dev.cfnwave.backend.SavedLog;
import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.report.FailureRule;
import dev.cfnwave.run.journal.Attempt;
import dev.cfnwave.run.journal.AttemptEnd;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Searches a failed attempt's log for --fail-fast-on-log's patterns when it ends, before the run
 * decides on a retry: the log is saved where a kept log goes (and removed again when the log policy
 * does not keep it), and its last {@link FailureRules#SCANNED_BYTES} are searched. Runs on the
 * run's thread: one bounded log read per failed attempt, and only when patterns are given.
 */
final class FailFastLogs {

  private final FailureRules rules;
  private final LogKeeper keeper;
  private final WaveListener listener;

  FailFastLogs(FailureRules rules, LogKeeper keeper, WaveListener listener) {
    this.rules = rules;
    this.keeper = keeper;
    this.listener = listener;
  }

  /**
   * How an attempt ended, with the failure rule that fires for it ({@link FailureRules#judge}).
   *
   * @param logSaved whether its log was read (and, if kept, saved): its disposal need not save it
   */
  record Judged(AttemptEnd end, boolean logSaved) {}

  /**
   * Judges the attempt's end by the rules, reading its log first when a pattern may match.
   *
   * @param logReadable whether its container is still there to read the log of
   * @param keepLog whether the log policy keeps this attempt's log
   */
  Judged judge(Attempt attempt, AttemptEnd how, boolean logReadable, boolean keepLog) {
    boolean scan = logReadable && !attempt.interrupted && rules.scansLogOf(how.exitStatus());
    FailureRule match = scan ? check(attempt.handle, attempt.name, keepLog) : null;
    return new Judged(how.withRule(rules.judge(how.exitStatus(), how.exitCode(), match)), scan);
  }

  /**
   * The rule whose pattern the attempt's log matches, or null (no match, or the log could not be
   * read: then the other rules decide, as without the option).
   */
  private FailureRule check(String handle, String name, boolean keepLog) {
    SavedLog saved;
    try {
      saved = keeper.save(handle, name);
    } catch (RuntimeException e) {
      listener.warn(
          "could not read the log of " + name + " for --fail-fast-on-log: " + e.getMessage());
      return null;
    }
    try {
      if (keepLog) {
        listener.on(
            new WaveEvent.LogSaved(
                name, saved.file().toString(), saved.bytes(), saved.truncated()));
      }
      return rules.logMatch(tail(saved.file()));
    } catch (IOException e) {
      listener.warn(
          "could not read the log of " + name + " for --fail-fast-on-log: " + e.getMessage());
      return null;
    } finally {
      if (!keepLog) {
        try {
          Files.deleteIfExists(saved.file());
        } catch (IOException e) {
          listener.warn("could not remove " + saved.file() + ": " + e.getMessage());
        }
      }
    }
  }

  /** The file's last SCANNED_BYTES as text (a character cut in two at the start is replaced). */
  static String tail(Path file) throws IOException {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      int size = (int) Math.min(length, FailureRules.SCANNED_BYTES);
      byte[] bytes = new byte[size];
      in.seek(length - size);
      in.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
