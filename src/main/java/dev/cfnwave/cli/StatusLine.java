package dev.cfnwave.cli;

import java.io.PrintStream;

/**
 * The bottom line of a terminal, redrawn in place: log lines are printed above it (the status is
 * erased, the line printed, the status drawn again), so the two never tear. Off a terminal it is
 * never drawn and lines pass through.
 */
final class StatusLine {

  static final String ERASE_LINE = "\r\033[2K";

  private final PrintStream err;
  private String shown;

  StatusLine(PrintStream err) {
    this.err = err;
  }

  /** Draws (or redraws) the status line. */
  void show(String status) {
    synchronized (err) {
      err.print(ERASE_LINE + status);
      err.flush();
      shown = status;
    }
  }

  /** Prints a whole line above the status line, which stays where it was. */
  void printAbove(String line) {
    synchronized (err) {
      if (shown != null) {
        err.print(ERASE_LINE);
      }
      err.println(line);
      if (shown != null) {
        err.print(shown);
      }
      err.flush();
    }
  }

  /** Erases the status line for good (before the summary, an error, or the JSON on stdout). */
  void clear() {
    synchronized (err) {
      if (shown != null) {
        err.print(ERASE_LINE);
        err.flush();
        shown = null;
      }
    }
  }
}
