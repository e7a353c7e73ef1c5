package dev.cfnwave.run.journal;

import dev.cfnwave.InputException;
import dev.cfnwave.ToolFailureException;
import dev.cfnwave.plan.JsonDocuments;
import dev.cfnwave.plan.PlanException;
import dev.cfnwave.report.Json;
import dev.cfnwave.report.OrchestratorIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A run's folder, .artifacts/runs/{run id}/: a copy of the plan, how the run was invoked (so that
 * --resume needs nothing else), the journal, the orchestrator's identity, each wave's results, the
 * kept logs and the final report.
 */
public final class RunFolder {

  public static final String JOURNAL = "journal.jsonl";
  private static final String PLAN = "plan.json";
  private static final String INVOCATION = "invocation.json";

  private RunFolder() {}

  /**
   * The variables that say which engine a run used (kept so that --resume goes back to it): the
   * docker CLI's DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, DOCKER_CONTEXT and
   * DOCKER_CONFIG.
   */
  static final Set<String> ENGINE_VARIABLES =
      Set.of(
          "DOCKER_HOST",
          "DOCKER_TLS_VERIFY",
          "DOCKER_CERT_PATH",
          "DOCKER_CONTEXT",
          "DOCKER_CONFIG");

  /**
   * Whether a variable is one a run records (and a resumed run takes only from its record): a CFN_*
   * setting or an engine variable.
   */
  public static boolean isRecorded(String name) {
    return name.startsWith("CFN_") || ENGINE_VARIABLES.contains(name);
  }

  /** The command line and the CFN_* and engine variables a run was started with. */
  public record Invocation(List<String> args, Map<String, String> environment) {}

  /**
   * Writes the plan's copy and the invocation into a new run folder. One that cannot be written (a
   * full disk, no permission) is a tool failure, and what was made of it is removed again, so that
   * the same run id can be used once it can be written.
   */
  public static void create(
      Path runDirectory, Path planFile, List<String> args, Map<String, String> environment) {
    Map<String, String> kept = new TreeMap<>();
    environment.forEach(
        (name, value) -> {
          if (isRecorded(name)) {
            kept.put(name, value);
          }
        });
    boolean existed = Files.exists(runDirectory);
    try {
      Files.createDirectories(runDirectory);
      Files.write(runDirectory.resolve(PLAN), Files.readAllBytes(planFile));
      Json.writeFile(
          new Invocation(withoutEnvironmentValues(args), kept), runDirectory.resolve(INVOCATION));
    } catch (IOException | UncheckedIOException e) {
      if (!existed) {
        removeQuietly(runDirectory);
      }
      String reason =
          e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
      throw new ToolFailureException("cannot create run folder " + runDirectory + ": " + reason, e);
    }
  }

  private static void removeQuietly(Path runDirectory) {
    for (String name : List.of(PLAN, INVOCATION, "")) {
      try {
        Files.deleteIfExists(runDirectory.resolve(name));
      } catch (IOException e) {
        // best effort: the failure that got here is the one to report
      }
    }
  }

  /**
   * --environment VAR=VALUE becomes --environment VAR: values (often secrets) are never written to
   * disk; on --resume a bare VAR takes its value from the resuming process's environment.
   */
  static List<String> withoutEnvironmentValues(List<String> args) {
    List<String> kept = new ArrayList<>();
    boolean valueNext = false;
    for (String arg : args) {
      if (valueNext) {
        kept.add(nameOnly(arg));
        valueNext = false;
      } else if (arg.equals("--environment")) {
        kept.add(arg);
        valueNext = true;
      } else if (arg.startsWith("--environment=")) {
        kept.add("--environment=" + nameOnly(arg.substring("--environment=".length())));
      } else {
        kept.add(arg);
      }
    }
    return kept;
  }

  private static String nameOnly(String entry) {
    int equals = entry.indexOf('=');
    return equals < 0 ? entry : entry.substring(0, equals);
  }

  public static Path plan(Path runDirectory) {
    return runDirectory.resolve(PLAN);
  }

  public static Invocation invocation(Path runDirectory) {
    Path file = runDirectory.resolve(INVOCATION);
    if (!Files.isRegularFile(file)) {
      throw new InputException(runDirectory.toString(), "not a run folder (no " + INVOCATION + ")");
    }
    try {
      return Json.MAPPER.readValue(file.toFile(), Invocation.class);
    } catch (IOException e) {
      throw new PlanException(file.toString(), JsonDocuments.problem(e));
    }
  }

  /** Records this process as the run's orchestrator (cleanup --orphans reads it). */
  public static void claim(Path runDirectory) {
    try {
      OrchestratorIdentity.current().writeTo(runDirectory);
    } catch (UncheckedIOException e) {
      throw new ToolFailureException(e.getMessage(), e);
    }
  }

  /** The run has ended (finished or interrupted): no process orchestrates it any more. */
  public static void release(Path runDirectory) {
    try {
      Files.deleteIfExists(runDirectory.resolve(OrchestratorIdentity.FILE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<JournalEntry> journal(Path runDirectory) {
    Path file = runDirectory.resolve(JOURNAL);
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return Files.size(file) == 0 ? List.of() : Journal.read(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
