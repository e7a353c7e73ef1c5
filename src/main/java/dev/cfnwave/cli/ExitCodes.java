package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import dev.cfnwave.ToolFailureException;
import dev.cfnwave.backend.EngineUnavailableException;
import dev.cfnwave.run.Cancellation;
import dev.cfnwave.run.journal.RunStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of the spec's tables, what each means for each command (--help lists them), and
 * which failures map to which; they exist only here, at the edge.
 */
final class ExitCodes {

  static final int OK = 0;

  /** spawn: a container failed to spawn; monitor: a container failed; cleanup: partial. */
  static final int SOME_FAILED = 1;

  /** Bad input or no engine (every command); monitor: timeout; cleanup: most removals failed. */
  static final int INVALID_OR_CRITICAL = 2;

  /**
   * The tool itself could not go on: its run folder cannot be written or the engine stopped
   * answering. Nothing was blamed on the batches; `run --resume` continues.
   */
  static final int TOOL_FAILURE = 3;

  /**
   * run: the spend budget (--max-cost, --max-usage) was reached and kept attempts from starting;
   * running ones finished, the reports are whole, `run --resume` with a higher limit goes on.
   */
  static final int BUDGET_SPENT = 4;

  /** run: stopped by SIGINT (128 + 2, as shells report it). */
  static final int INTERRUPTED = 130;

  /** run: stopped by SIGTERM (128 + 15). */
  static final int TERMINATED = 143;

  /** run: stopped by SIGHUP, the terminal closed (128 + 1); handled as SIGTERM is. */
  static final int HUNG_UP = 129;

  private static final String BAD_INPUT =
      "bad input (options, plan, variables) or no Docker engine";

  private static final String UNEXPECTED = "an unexpected error";

  private static final String SPEND_BUDGET =
      "the spend budget (--max-cost, --max-usage) was reached: no new attempt started, running"
          + " ones finished, batches not started are skipped; --resume with a higher limit goes on";

  private static final String ENGINE_STOPPED =
      "the engine stopped answering container calls (restart dockerd)";

  private ExitCodes() {}

  /**
   * The exit code of a command that failed with this exception: the user's fault or an unreachable
   * engine is 2, the tool unable to go on 3, anything else 1.
   */
  static int of(Exception e) {
    if (e instanceof ToolFailureException) {
      return TOOL_FAILURE;
    }
    return e instanceof InputException
            || e instanceof EngineUnavailableException
            || e instanceof IllegalArgumentException
        ? INVALID_OR_CRITICAL
        : SOME_FAILED;
  }

  /**
   * What each exit code means for a command, by its qualified name ("cfn-wave helpers wait"). Every
   * command can end with 2 (a usage error) and 1 (an unexpected error, {@link #of}); a command that
   * talks to the engine also with 3. The spec's commands keep the spec's meanings of 0, 1 and 2.
   * --help lists these, and docs/cli.md's table of exit codes is generated from them.
   */
  static Map<String, String> meanings(String command) {
    Map<String, String> codes = new LinkedHashMap<>();
    switch (command) {
      case "cfn-wave spawn" -> {
        codes.put("0", "all containers spawned");
        codes.put("1", "one or more failed to spawn, or " + UNEXPECTED);
        codes.put("2", BAD_INPUT + ", or an image that cannot be used");
        codes.put(
            String.valueOf(TOOL_FAILURE), ENGINE_STOPPED + ", or a pull filled the engine's disk");
      }
      case "cfn-wave monitor", "cfn-wave helpers wait" -> {
        codes.put("0", "all containers succeeded");
        codes.put("1", "one or more failed (or were OOM-killed), or " + UNEXPECTED);
        codes.put("2", "timeout (still-running containers are left running), " + BAD_INPUT);
        codes.put(String.valueOf(TOOL_FAILURE), ENGINE_STOPPED);
      }
      case "cfn-wave cleanup" -> {
        codes.put("0", "all removed");
        codes.put("1", "partial: some removals failed, or " + UNEXPECTED);
        codes.put("2", "critical: most removals failed; " + BAD_INPUT);
        codes.put(String.valueOf(TOOL_FAILURE), ENGINE_STOPPED);
      }
      case "cfn-wave validate" -> {
        codes.put("0", "the run could proceed (without an engine: the plan is valid)");
        codes.put("1", UNEXPECTED);
        codes.put(
            "2",
            "it could not: a bad plan or option, a batch that fits no budget or node, an image"
                + " missing under --pull never");
      }
      case "cfn-wave run" -> {
        codes.put("0", "all batches succeeded (--dry-run: the run could proceed)");
        codes.put("1", "some failed (or never started after a failure), or " + UNEXPECTED);
        codes.put(
            "2",
            "a wave or batch timed out, "
                + BAD_INPUT
                + ", or an image that cannot be used (--dry-run: a batch that fits nowhere)");
        codes.put(
            String.valueOf(TOOL_FAILURE),
            "the tool could not go on (run folder unwritable, engine stopped answering, a pull"
                + " filled the engine's disk);"
                + " resume with --resume");
        codes.put(String.valueOf(BUDGET_SPENT), SPEND_BUDGET);
        codes.put(
            String.valueOf(HUNG_UP), "stopped by SIGHUP (the terminal closed), as by SIGTERM");
        codes.put(String.valueOf(INTERRUPTED), "stopped by SIGINT");
        codes.put(String.valueOf(TERMINATED), "stopped by SIGTERM");
      }
      case "cfn-wave report" -> {
        codes.put("0", "the report was written");
        codes.put("1", "the report could not be written (I/O error), or " + UNEXPECTED);
        codes.put(
            "2", "no such run folder, a folder that is not a run's or cannot be read, bad options");
      }
      case "cfn-wave doctor" -> {
        codes.put("0", "no check failed (some may warn)");
        codes.put("1", "a check failed: the host cannot take the run as it is, or " + UNEXPECTED);
        codes.put("2", "bad input: options, a plan that does not read");
      }
      case "cfn-wave runs" -> {
        codes.put("0", "the runs were listed (none, when the runs folder is empty or absent)");
        codes.put("1", UNEXPECTED);
        codes.put("2", "bad options");
      }
      case "cfn-wave status" -> {
        codes.put("0", "the status was printed, with or without an engine to ask");
        codes.put("1", UNEXPECTED);
        codes.put(
            "2", "no such run, a folder that is not a run's, no run in --runs-dir, bad options");
      }
      case "cfn-wave logs" -> {
        codes.put("0", "the log was printed (followed: until the attempt ended)");
        codes.put("1", "the engine failed the call, or " + UNEXPECTED);
        codes.put(
            "2",
            "no such run, batch or attempt, no log of it kept or running, no engine for a live"
                + " log, bad options");
        codes.put(String.valueOf(TOOL_FAILURE), ENGINE_STOPPED);
      }
      case "cfn-wave tiers suggest" -> {
        codes.put("0", "suggestions printed");
        codes.put("1", UNEXPECTED);
        codes.put(
            "2",
            "no such run folder, a run without report.json, --write-plan FILE exists, bad"
                + " options");
      }
      case "cfn-wave skill install" -> {
        codes.put("0", "the skill's files are written");
        codes.put("1", UNEXPECTED);
        codes.put(
            "2",
            "they are there already (without --force), no git repository, unwritable, bad"
                + " options");
      }
      case "cfn-wave help" -> {
        codes.put("0", "the help was shown");
        codes.put("1", UNEXPECTED);
        codes.put("2", "no such command, or bad options");
      }
      case "cfn-wave completion" -> {
        codes.put("0", "the script was printed");
        codes.put("1", UNEXPECTED);
        codes.put("2", "a shell other than bash and zsh, or bad options");
      }
      case "cfn-wave helpers check-docker" -> {
        codes.put("0", "the Docker engine answers");
        codes.put("1", "it does not");
        codes.put("2", "bad options");
      }
      case "cfn-wave helpers container-status",
          "cfn-wave helpers exit-code",
          "cfn-wave helpers save-logs" -> {
        codes.put("0", "success");
        codes.put(
            "1", "the engine failed the call (no such container, still running), or " + UNEXPECTED);
        codes.put("2", BAD_INPUT);
        codes.put(String.valueOf(TOOL_FAILURE), ENGINE_STOPPED);
      }
      case "cfn-wave helpers parse-memory", "cfn-wave helpers manifest-entry" -> {
        codes.put("0", "success");
        codes.put("1", UNEXPECTED);
        codes.put("2", "bad input (not a memory size, an unknown tier) or bad options");
      }
      case "cfn-wave" -> {
        codes.put("0", "success (each command's --help says what it means there)");
        codes.put("1", "some containers or batches failed, or " + UNEXPECTED);
        codes.put(
            "2",
            BAD_INPUT
                + ", a timeout (monitor, run) or most removals failed (cleanup); also no command");
        codes.put(
            String.valueOf(TOOL_FAILURE),
            "the tool could not go on: the engine stopped answering container calls, or the run"
                + " folder cannot be written");
        codes.put(String.valueOf(BUDGET_SPENT), "run: " + SPEND_BUDGET);
        codes.put(String.valueOf(HUNG_UP), "run stopped by SIGHUP (the terminal closed)");
        codes.put(String.valueOf(INTERRUPTED), "run stopped by SIGINT");
        codes.put(String.valueOf(TERMINATED), "run stopped by SIGTERM");
      }
      default -> {
        // a group of commands (tiers, helpers, skill): alone it only shows its help
        codes.put("0", "help shown (--help)");
        codes.put("1", UNEXPECTED);
        codes.put("2", "no command named, or bad options");
      }
    }
    return codes;
  }

  /**
   * run: 0 all succeeded, 1 some failed, 2 timeout, 3 a tool failure, 4 the spend budget reached,
   * 128 plus the signal when interrupted.
   */
  static int of(RunStatus status, Cancellation cancellation) {
    return switch (status) {
      case SUCCEEDED -> OK;
      case FAILED -> SOME_FAILED;
      case TIMEOUT -> INVALID_OR_CRITICAL;
      case INTERRUPTED -> cancellation.exitCode();
      case TOOL_FAILURE -> TOOL_FAILURE;
      case BUDGET_SPENT -> BUDGET_SPENT;
    };
  }
}
