package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import dev.cfnwave.run.journal.RunFolder;
import dev.cfnwave.watch.BatchLog;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints a batch's log from a run: the kept one, or the live one from the engine. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = {
      "Print the log of a batch's attempt (default: its latest) in a run: the log kept in the"
          + " run folder once the attempt ended, else its container's log from the engine the run"
          + " used. The log is the command's output, on stdout.",
      "--follow streams it until the attempt ends, as docker logs -f does, and waits for a"
          + " batch that has not launched yet while its run runs."
    })
final class LogsCommand implements Callable<Integer> {

  private static final long PAUSE_MILLIS = 500;

  private final Context context;

  @Parameters(
      index = "0",
      paramLabel = RunFolderOption.RUN_ID_OR_DIR,
      description = "A run folder, or a run id under --runs-dir.")
  String run;

  @Parameters(index = "1", paramLabel = "BATCH", description = "The batch's id.")
  String batch;

  @Option(
      names = "--attempt",
      paramLabel = "N",
      description = "The batch's Nth attempt (default: its latest).")
  Integer attempt;

  @Option(names = "--follow", description = "Keep printing what the attempt writes until it ends.")
  boolean follow;

  @Option(
      names = "--backend",
      paramLabel = "NAME",
      description =
          "The backend to read a running attempt's log from: docker or swarm. Default: the"
              + " one the run used.")
  String backend;

  @Mixin RunFolderOption runFolders;

  @Mixin StackTraceOption stackTrace;

  LogsCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (attempt != null && attempt < 1) {
      throw new InputException("--attempt " + attempt, "must be at least 1");
    }
    Path folder = runFolders.folder(run);
    RunFolder.invocation(folder);
    try (Context runContext = RunEngine.of(context, folder, backend)) {
      new BatchLog(
              folder,
              RunCommand::selectedWaves,
              runContext::backend,
              LogsCommand::pause,
              line -> context.err.println(line))
          .print(batch, attempt, follow, new Stdout(context.out));
    } catch (UnsupportedOperationException e) {
      throw new InputException(
          "--follow", e.getMessage() + "; without --follow it prints the log so far");
    }
    return ExitCodes.OK;
  }

  private static void pause() {
    try {
      Thread.sleep(PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the batch to launch", e);
    }
  }

  /**
   * stdout that says when nobody reads it any more (a closed pipe: {@code logs --follow | head}),
   * which a PrintStream only records: the copy then stops instead of following on.
   */
  private static final class Stdout extends OutputStream {

    private final PrintStream out;

    Stdout(PrintStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      if (out.checkError()) {
        throw new IOException("stdout is closed");
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
      if (out.checkError()) {
        throw new IOException("stdout is closed");
      }
    }
  }
}
