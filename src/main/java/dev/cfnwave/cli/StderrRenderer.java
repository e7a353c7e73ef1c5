package dev.cfnwave.cli;

import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveEvent.Level;
import dev.cfnwave.event.WaveListener;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Renders events as timestamped log lines on stderr, above a level. */
final class StderrRenderer implements WaveListener {

  private final PrintStream err;
  private final Level threshold;

  StderrRenderer(PrintStream err, Level threshold) {
    this.err = err;
    this.threshold = threshold;
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
    }
  }

  void line(Level level, String message) {
    if (level.compareTo(threshold) < 0) {
      return;
    }
    String stamp = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    synchronized (err) {
      err.println(stamp + " " + String.format("%-5s", level) + " " + message);
    }
  }
}
