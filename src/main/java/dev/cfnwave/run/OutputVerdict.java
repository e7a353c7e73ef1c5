package dev.cfnwave.run;

import dev.cfnwave.report.AttemptOutput;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.ResultFile;
import dev.cfnwave.run.journal.AttemptEnd;
import java.util.ArrayList;
import java.util.List;

/**
 * How an attempt's output folder bears on its outcome: a folder past the limit fails it; a result
 * file whose status disagrees with the exit code is a warning, and decides only when trusted and
 * the container ended on its own (an OOM kill or a time limit is not overruled).
 */
final class OutputVerdict {

  private OutputVerdict() {}

  static AttemptEnd apply(AttemptEnd end, AttemptOutput output, long limitBytes, boolean trust) {
    if (output == null || end.exitStatus() == null || end.exitStatus() == ExitStatus.REJECTED) {
      return end.withOutput(output);
    }
    List<String> warnings = new ArrayList<>(output.warnings());
    if (output.bytes() > limitBytes || AttemptOutput.OVER_THE_LIMIT.equals(end.error())) {
      return end.withOutput(with(output, warnings))
          .decidedAs(ExitStatus.FAILED, AttemptOutput.OVER_THE_LIMIT);
    }
    ResultFile result = output.result();
    AttemptEnd decided = end;
    if (result != null && !result.agreesWith(end.exitStatus())) {
      boolean ranToItsEnd =
          end.exitStatus() == ExitStatus.SUCCESS || end.exitStatus() == ExitStatus.FAILED;
      boolean resultDecides = trust && ranToItsEnd;
      warnings.add(
          "result.json says "
              + result.status()
              + " but the exit code "
              + (end.exitCode() == null ? "" : end.exitCode() + " ")
              + "says "
              + end.exitStatus().wireName()
              + (resultDecides
                  ? ": result.json decides (--trust-result-status)"
                  : ": the exit code decides"));
      if (resultDecides) {
        ExitStatus status = result.asExitStatus();
        decided =
            end.decidedAs(
                status,
                status == ExitStatus.SUCCESS ? null : "result.json says " + result.status());
      }
    }
    return decided.withOutput(with(output, warnings));
  }

  private static AttemptOutput with(AttemptOutput output, List<String> warnings) {
    return new AttemptOutput(
        output.path(), output.bytes(), output.files(), output.result(), warnings);
  }
}
