package dev.cfnwave.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.render.RunHistory.BatchHistory;
import dev.cfnwave.report.ExitStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownSummaryTest {

  @TempDir Path temp;

  @Test
  void statusLineFirstThenAWaveTableThenFailedBatchesWithTheirLogTails() throws Exception {
    Path log = temp.resolve("broken.log");
    Files.writeString(log, "compiling\n```\nerror TS2322 | <b>not bold</b>\n");
    String md = new MarkdownSummary(Histories.mixed(log)).render();

    assertThat(md.lines().findFirst().orElseThrow())
        .isEqualTo("### ❌ cfn-wave run r1: timeout, 2 of 6 batches succeeded");
    assertThat(md)
        .contains(
            "| wave | batches | succeeded | failed | oom_killed | timeout | skipped | cancelled |"
                + " not run |")
        .contains("| 1 | 4 | 2 | 1 | 0 | 1 | 0 | 0 | 0 | 6 |")
        .contains("| 2 | 2 | 0 | 0 | 1 | 0 | 0 | 0 | 1 | 1 |");
    assertThat(md).contains("<details><summary>broken (wave 1): failed, 2 attempts</summary>");
    assertThat(md)
        .contains("\nTask fix-ts, 7 attempts in 40 s, memory budget 1GB, peak reserved 1.5GB.\n");
    // Plain text stays plain in the file: no backslashes before parentheses or commas.
    assertThat(md).contains("\n- attempt 1: failed, exit 3, ran 1.000 s (tier 1, 512m)\n");
    assertThat(md).doesNotContain("\\(", "\\)");
    assertThat(md).doesNotContain("<summary>ok ", "<summary>flaky ");
    // The log's own ``` cannot close the block: the fence is longer than any run in the log.
    assertThat(md).contains("````text\ncompiling\n```\nerror TS2322 | <b>not bold</b>\n````\n");
    assertThat(md.indexOf("<details>")).isGreaterThan(md.indexOf("| 2 |"));
  }

  @Test
  void oneOfEachIsSingularAndMeasuredSizesAreHuman() {
    RunHistory.AttemptHistory a = Histories.attempt(1, 1, 3, ExitStatus.FAILED, 1L, null);
    RunHistory.AttemptHistory measured =
        new RunHistory.AttemptHistory(
            a.number(),
            a.name(),
            a.handle(),
            a.tier(),
            a.memoryLimit(),
            a.queuedAt(),
            a.admittedAt(),
            a.launchedAt(),
            a.startedAt(),
            a.completedAt(),
            a.endedAt(),
            a.exitCode(),
            a.exitStatus(),
            a.error(),
            a.log(),
            dev.cfnwave.plan.MemorySize.parse("4136k"),
            a.node(),
            a.image(),
            a.imageDigest());
    RunHistory run =
        new RunHistory(
            "r3",
            "t",
            "failed",
            "waves",
            dev.cfnwave.plan.MemorySize.parse("21694m"),
            Histories.T0,
            Histories.T0.plusSeconds(5),
            5,
            List.of(new BatchHistory("only", 1, "failed", List.of(measured))));

    String md = new MarkdownSummary(run).render();

    assertThat(md)
        .startsWith("### ❌ cfn-wave run r3: failed, 0 of 1 batch succeeded\n")
        .contains("Task t, 1 attempt in 5 s, memory budget 21.2GB, peak reserved 512MB.")
        .contains("<summary>only (wave 1): failed, 1 attempt</summary>")
        .contains("- attempt 1: failed, exit 1, ran 1.000 s (tier 1, 512m), peak 4MB\n");
  }

  @Test
  void aRunStoppedByAToolFailureSaysItIsResumable() {
    RunHistory mixed = Histories.mixed(null);
    RunHistory stopped =
        new RunHistory(
            mixed.runId(),
            mixed.taskId(),
            "tool_failure",
            mixed.schedule(),
            mixed.budget(),
            mixed.startedAt(),
            mixed.finishedAt(),
            mixed.durationSeconds(),
            mixed.batches());

    String md = new MarkdownSummary(stopped).render();

    assertThat(md.lines().findFirst().orElseThrow()).contains("r1: tool_failure,");
    assertThat(md)
        .contains(
            "The tool could not go on (its run folder could not be written, or the engine stopped"
                + " answering): the run is resumable with `cfn-wave run --resume r1`.");
  }

  @Test
  void staysUnder900KilobytesWhateverTheLogs() throws Exception {
    Path log = temp.resolve("big.log");
    Files.writeString(log, ("a line of a long log\n").repeat(20_000));
    List<BatchHistory> batches = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      batches.add(
          new BatchHistory(
              "b" + i,
              1,
              "failed",
              List.of(Histories.attempt(1, 1, 2, ExitStatus.FAILED, 1L, log))));
    }
    RunHistory mixed = Histories.mixed(null);
    RunHistory run =
        new RunHistory(
            "r2",
            null,
            "failed",
            "waves",
            mixed.budget(),
            mixed.startedAt(),
            mixed.finishedAt(),
            mixed.durationSeconds(),
            batches);
    String md = new MarkdownSummary(run).render();
    int size = md.getBytes(StandardCharsets.UTF_8).length;
    assertThat(size).isLessThanOrEqualTo(900 * 1024).isGreaterThan(800 * 1024);
    assertThat(md).startsWith("### ❌ cfn-wave run r2: failed, 0 of 200 batches succeeded");
    assertThat(md).containsPattern("\n\\d+ more not shown: the summary stays under 900 KB");
  }

  @Test
  void appendsToTheGithubJobSummaryWhenItIsSet() throws Exception {
    Path summary = temp.resolve("step-summary.md");
    Files.writeString(summary, "earlier step\n");
    Path folder = temp.resolve("run");
    RunFolderReports.write(
        Histories.mixed(null), folder, java.util.Map.of("GITHUB_STEP_SUMMARY", summary.toString()));
    assertThat(Files.readString(summary))
        .startsWith("earlier step\n### ❌ cfn-wave run r1: timeout")
        .isEqualTo("earlier step\n" + Files.readString(folder.resolve("summary.md")));
    assertThat(folder.resolve("junit.xml")).isNotEmptyFile();
    assertThat(folder.resolve("report.html")).isNotEmptyFile();
  }
}
