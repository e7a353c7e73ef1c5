package dev.cfnwave.cli;

import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveEvent.Level;
import dev.cfnwave.event.WaveListener;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;

/**
 * Renders events on stderr: timestamped log lines from a level on, and run progress either as a
 * status line redrawn in place below them (a terminal) or as a plain line every --progress-interval
 * and whenever a wave starts or ends (CI, files). --quiet leaves warnings and errors only.
 */
final class StderrRenderer implements WaveListener {

  private final PrintStream err;
  private final ConsoleMode mode;
  private final Colours colours;
  private final InstantSource clock;
  private final StatusLine status;
  private final PullProgressLines pulls;
  private Duration progressInterval = Duration.ofSeconds(30);
  private Instant nextPlainProgress = Instant.MIN;

  /** Plain text, no colour: {@code live} draws the status line. */
  StderrRenderer(PrintStream err, Level threshold, boolean live) {
    this(err, threshold, live, InstantSource.system());
  }

  /** With the clock that spaces a plain stderr's pull progress lines. */
  StderrRenderer(PrintStream err, Level threshold, boolean live, InstantSource clock) {
    this(err, new ConsoleMode(threshold, false, live, false, ConsoleMode.DEFAULT_COLUMNS), clock);
  }

  /** With the clock that spaces a plain stderr's progress lines. */
  StderrRenderer(PrintStream err, ConsoleMode mode, InstantSource clock) {
    this.err = err;
    this.mode = mode;
    this.colours = new Colours(mode.colour());
    this.clock = clock;
    this.status = new StatusLine(err);
    this.pulls = new PullProgressLines(clock);
  }

  /** How often a plain stderr gets a progress line (between waves starting or ending). */
  void progressInterval(Duration interval) {
    this.progressInterval = interval;
  }

  boolean quiet() {
    return mode.quiet();
  }

  Colours colours() {
    return colours;
  }

  /** Erases the status line, before the summary table, an error, or the JSON on stdout. */
  void endStatus() {
    status.clear();
  }

  @Override
  public void on(WaveEvent event) {
    switch (event) {
      case WaveEvent.Note note -> line(note.level(), note.message());
      case WaveEvent.ContainerSpawned e ->
          line(Level.INFO, "spawned " + e.containerName() + " for batch " + e.batchId());
      case WaveEvent.SpawnFailed e ->
          line(
              Level.ERROR,
              "could not spawn batch "
                  + e.batchId()
                  + " ("
                  + e.containerName()
                  + "): "
                  + e.reason());
      case WaveEvent.ContainerFinished e ->
          line(
              e.exitStatus().equals("success") ? Level.DEBUG : Level.INFO,
              e.containerName()
                  + " "
                  + colours.outcome(e.exitStatus())
                  + (e.exitCode() == null ? "" : " (exit " + e.exitCode() + ")"));
      case WaveEvent.MonitorProgress p ->
          line(
              Level.INFO,
              "Running: "
                  + p.running()
                  + ", Completed: "
                  + p.completed()
                  + ", Failed: "
                  + p.failed()
                  + ", Timeout: "
                  + p.timeout());
      case WaveEvent.LogSaved e ->
          line(
              Level.INFO,
              "saved log of "
                  + e.containerName()
                  + " to "
                  + e.file()
                  + (e.truncated() ? " (truncated)" : ""));
      case WaveEvent.ContainerRemoved e ->
          line(
              e.dryRun() ? Level.INFO : Level.DEBUG,
              (e.dryRun() ? "dry run: would remove " : "removed ") + e.containerName());
      case WaveEvent.CleanupFailed e ->
          line(Level.ERROR, "could not clean up " + e.containerName() + ": " + e.reason());
      case WaveEvent.RunProgress p -> progress(p);
      case WaveEvent.NetworkUse n ->
          line(
              Level.INFO,
              String.format(
                  "network %s %,d/%,d endpoints in use", n.network(), n.inUse(), n.endpoints()));
      case WaveEvent.WaveStarted e -> waveMark(Level.INFO, WaveLines.started(e));
      case WaveEvent.WaveEnded e ->
          waveMark(
              e.failed() + e.skipped() + e.notStarted() > 0 ? Level.WARN : Level.INFO,
              WaveLines.ended(e, colours));
      case WaveEvent.ImagePullProgress p -> pullProgress(p);
      case WaveEvent.ImagePulled p -> line(Level.INFO, PullProgressLines.text(p));
      case WaveEvent.BatchSettled e ->
          line(
              e.finalStatus().equals("success") ? Level.DEBUG : Level.WARN,
              "batch "
                  + e.batchId()
                  + " "
                  + colours.outcome(e.finalStatus())
                  + " after "
                  + e.attempts()
                  + (e.attempts() == 1 ? " attempt" : " attempts"));
      case WaveEvent.AttemptPending e ->
          line(
              Level.INFO,
              e.containerName()
                  + " (batch "
                  + e.batchId()
                  + ") is pending, not started yet: "
                  + e.reason());
      case WaveEvent.RetryScheduled e ->
          line(
              Level.INFO,
              "retrying batch "
                  + e.batchId()
                  + " as attempt "
                  + e.nextAttempt()
                  + " in "
                  + e.delayMillis()
                  + " ms with "
                  + e.memoryLimit());
    }
  }

  /** A wave started or ended: its line, and a plain stderr's progress line right after it. */
  private void waveMark(Level level, String text) {
    line(level, text);
    nextPlainProgress = Instant.MIN;
  }

  private void progress(WaveEvent.RunProgress p) {
    if (mode.quiet() || Level.INFO.compareTo(mode.threshold()) < 0) {
      return;
    }
    if (mode.live()) {
      status.show(ProgressText.status(p, colours, mode.columns()));
      return;
    }
    Instant now = clock.instant();
    if (!now.isBefore(nextPlainProgress)) {
      nextPlainProgress = now.plus(progressInterval);
      line(Level.INFO, ProgressText.plain(p));
    }
  }

  /** On a terminal the status line follows every update; elsewhere a line now and then. */
  private void pullProgress(WaveEvent.ImagePullProgress p) {
    if (mode.quiet() || Level.INFO.compareTo(mode.threshold()) < 0) {
      return;
    }
    if (mode.live()) {
      status.show(PullProgressLines.text(p));
    } else if (pulls.due(p.image())) {
      line(Level.INFO, PullProgressLines.text(p));
    }
  }

  void line(Level level, String message) {
    if (level.compareTo(mode.threshold()) < 0) {
      return;
    }
    String stamp = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    status.printAbove(
        colours.dim(stamp)
            + " "
            + colours.level(level, String.format("%-5s", level))
            + " "
            + message);
  }
}
