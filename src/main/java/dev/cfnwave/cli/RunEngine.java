package dev.cfnwave.cli;

import dev.cfnwave.run.journal.JournalEntry;
import dev.cfnwave.run.journal.RunFolder;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The engine a run used, for the commands that look at it from outside (status, logs): its recorded
 * engine variables and CFN_* settings, as --resume takes them, and the backend its journal names;
 * --backend overrides the backend.
 */
final class RunEngine {

  private RunEngine() {}

  /**
   * A context of its own (close it), whose backend is opened on first use.
   *
   * @throws dev.cfnwave.InputException naming --backend when it names no backend
   */
  static Context of(Context context, Path folder, String backend) {
    Context run = RunResumption.contextOf(context, RunFolder.invocation(folder));
    run.useBackend(backend != null ? backend : journaledBackend(folder));
    run.backendName();
    return run;
  }

  /** The backend the journal's handles came from; null (the default) before any launch. */
  private static String journaledBackend(Path folder) {
    return RunFolder.journal(folder).stream()
        .filter(e -> e.handle() != null)
        .map(JournalEntry::backendOrDefault)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }
}
