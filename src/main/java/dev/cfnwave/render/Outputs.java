package dev.cfnwave.render;

import dev.cfnwave.render.RunHistory.AttemptHistory;
import dev.cfnwave.render.RunHistory.BatchHistory;
import dev.cfnwave.report.AttemptOutput;
import dev.cfnwave.report.ResultFile;
import dev.cfnwave.report.Usage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the reports say about attempts' output folders and result files, the same everywhere. */
final class Outputs {

  private Outputs() {}

  /** Whether any attempt of the run had an output folder. */
  static boolean any(RunHistory run) {
    return run.batches().stream()
        .flatMap(b -> b.attempts().stream())
        .anyMatch(a -> a.output() != null);
  }

  /** The usage of every attempt's result file, added up. */
  static Map<String, BigDecimal> usage(RunHistory run) {
    return Usage.sum(
        run.batches().stream().flatMap(b -> b.attempts().stream()).map(a -> Usage.of(a.output())));
  }

  /** The usage of a batch's attempts, added up. */
  static Map<String, BigDecimal> usage(BatchHistory b) {
    return Usage.sum(b.attempts().stream().map(a -> Usage.of(a.output())));
  }

  /** "out/b1/1: 3 files, 1.2KB", or null without a folder. */
  static String folder(AttemptHistory a) {
    AttemptOutput o = a.output();
    if (o == null) {
      return null;
    }
    return o.path()
        + ": "
        + Plural.of((int) Math.min(o.files(), Integer.MAX_VALUE), "file")
        + ", "
        + Describe.size(o.bytes());
  }

  /**
   * Lines about the attempt's output: result status and summary, usage, the folder (unless it is
   * empty and there is no result: most attempts of plain runs), warnings.
   */
  static List<String> lines(AttemptHistory a) {
    List<String> lines = new ArrayList<>();
    AttemptOutput o = a.output();
    if (o == null) {
      return lines;
    }
    ResultFile r = o.result();
    if (r != null && r.status() != null) {
      lines.add("result status: " + r.status());
    }
    if (r != null && r.summary() != null) {
      lines.add("summary: " + r.summary());
    }
    if (r != null && !r.usage().isEmpty()) {
      lines.add("usage: " + Usage.describe(r.usage()));
    }
    if (r != null && !r.artifacts().isEmpty()) {
      lines.add("artifacts: " + String.join(", ", r.artifacts()));
    }
    if (r != null || o.files() > 0) {
      lines.add("output folder " + folder(a));
    }
    o.warnings().forEach(w -> lines.add("warning: " + w));
    return lines;
  }
}
