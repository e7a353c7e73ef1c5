package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * --runs-dir, and the RUN_ID_OR_DIR arguments found with it: for the commands that read finished or
 * interrupted runs from their folders.
 */
final class RunFolderOption {

  /** The label of a run argument: a run folder, or a run id under --runs-dir. */
  static final String RUN_ID_OR_DIR = "RUN_ID_OR_DIR";

  @Option(
      names = "--runs-dir",
      paramLabel = "DIR",
      defaultValue = ".artifacts/runs",
      description = "Where run ids are looked up (default: ${DEFAULT-VALUE}).")
  Path runsDirectory;

  /**
   * The run's folder: {@code run} itself when it is a folder, else the run of that id under
   * --runs-dir.
   *
   * @throws InputException naming the argument when it is neither
   */
  Path folder(String run) {
    Path given = Path.of(run);
    if (Files.isDirectory(given)) {
      return given;
    }
    if (run.isBlank() || run.contains("/")) {
      throw new InputException(RUN_ID_OR_DIR + " " + run, "no such run folder");
    }
    Path underRuns = runsDirectory.resolve(run);
    if (!Files.isDirectory(underRuns)) {
      throw new InputException(
          RUN_ID_OR_DIR + " " + run, "neither a folder nor a run under " + runsDirectory);
    }
    return underRuns;
  }
}
