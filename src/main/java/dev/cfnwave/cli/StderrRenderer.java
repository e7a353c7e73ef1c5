package dev.cfnwave.cli;

import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveEvent.Level;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.MemorySize;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;

/**
 * Renders events on stderr: timestamped log lines above a level, and run progress either as one
 * plain line per interval (CI, files) or, on a terminal, as a status line redrawn in place.
 */
final class StderrRenderer implements WaveListener {

  private static final String CLEAR_LINE = "\r\033[2K";

  private final PrintStream err;
  private final Level threshold;
  private final boolean live;
  private final PullProgressLines pulls;
  private boolean statusShown;

  StderrRenderer(PrintStream err, Level threshold, boolean live) {
    this(err, threshold, live, InstantSource.system());
  }

  /** With the clock that spaces a plain stderr's pull progress lines. */
  StderrRenderer(PrintStream err, Level threshold, boolean live, InstantSource clock) {
    this.err = err;
    this.threshold = threshold;
    this.live = live;
    this.pulls = new PullProgressLines(clock);
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
                  + e.exitStatus()
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
      case WaveEvent.ImagePullProgress p -> pullProgress(p);
      case WaveEvent.ImagePulled p -> line(Level.INFO, PullProgressLines.text(p));
      case WaveEvent.BatchSettled e ->
          line(
              e.finalStatus().equals("success") ? Level.DEBUG : Level.INFO,
              "batch "
                  + e.batchId()
                  + " "
                  + e.finalStatus()
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

  private void progress(WaveEvent.RunProgress p) {
    String text =
        "waves "
            + p.wavesDone()
            + "/"
            + p.wavesTotal()
            + " | running "
            + p.running()
            + " | succeeded "
            + p.succeeded()
            + " | failed "
            + p.failed()
            + " | pending "
            + p.pending()
            + " | memory "
            + human(p.memoryInUse())
            + " / "
            + human(p.memoryBudget())
            + " | others hold "
            + human(p.memoryHeldByOthers())
            + " | elapsed "
            + clock(p.elapsed())
            + " | eta "
            + (p.eta() == null ? "?" : clock(p.eta()));
    if (!live) {
      line(Level.INFO, text);
      return;
    }
    status(text);
  }

  /** Redraws the status line in place (terminals only). */
  private void status(String text) {
    synchronized (err) {
      err.print(CLEAR_LINE + text);
      err.flush();
      statusShown = true;
    }
  }

  /** On a terminal the status line follows every update; elsewhere a line now and then. */
  private void pullProgress(WaveEvent.ImagePullProgress p) {
    if (Level.INFO.compareTo(threshold) < 0) {
      return;
    }
    if (live) {
      status(PullProgressLines.text(p));
    } else if (pulls.due(p.image())) {
      line(Level.INFO, PullProgressLines.text(p));
    }
  }

  void line(Level level, String message) {
    if (level.compareTo(threshold) < 0) {
      return;
    }
    String stamp = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    synchronized (err) {
      if (statusShown) {
        err.print(CLEAR_LINE);
        statusShown = false;
      }
      err.println(stamp + " " + String.format("%-5s", level) + " " + message);
    }
  }

  private static String human(long bytes) {
    return bytes <= 0 ? "0" : new MemorySize(bytes).humanForm();
  }

  private static String clock(Duration duration) {
    long seconds = duration.toSeconds();
    return String.format("%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
  }
}
