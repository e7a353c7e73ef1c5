package dev.cfnwave.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.render.RunHistory.BatchHistory;
import dev.cfnwave.report.ExitStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens report.html in headless Chromium (Debian's chromium; scripts/test.sh installs it) and
 * checks the DOM the browser built: what a person sees, not what the Java code meant to write.
 */
class HtmlTimelineTest {

  static final String HOSTILE_ID = "x\"><script>alert(1)</script><img src=x onerror=alert(2)>";

  @TempDir Path temp;

  static RunHistory withHostileBatch() {
    RunHistory mixed = Histories.mixed(null);
    List<BatchHistory> batches = new ArrayList<>(mixed.batches());
    batches.add(
        new BatchHistory(
            HOSTILE_ID,
            2,
            "failed",
            List.of(Histories.attempt(1, 22, 30, ExitStatus.FAILED, 2L, null))));
    return new RunHistory(
        mixed.runId(),
        "<b>task</b>",
        mixed.status(),
        mixed.schedule(),
        mixed.budget(),
        mixed.startedAt(),
        mixed.finishedAt(),
        mixed.durationSeconds(),
        batches);
  }

  /** Chromium's DOM of the page, after it parsed and laid it out. */
  static String dumpDom(Path html) throws Exception {
    return chromium("--dump-dom", html.toUri().toString());
  }

  static void screenshot(Path html, Path png) throws Exception {
    Files.createDirectories(png.getParent());
    chromium(
        "--screenshot=" + png.toAbsolutePath(),
        "--window-size=1140,720",
        "--hide-scrollbars",
        html.toUri().toString());
    assertThat(png).isNotEmptyFile();
  }

  private static String chromium(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox"));
    command.addAll(List.of("--disable-gpu", "--no-first-run", "--user-data-dir=" + profile()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("chromium", ".out");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("chromium ended").isTrue();
    assertThat(process.exitValue()).as("chromium's exit code").isZero();
    String dom = Files.readString(out, StandardCharsets.UTF_8);
    Files.delete(out);
    return dom;
  }

  private static Path profile() throws IOException {
    return Files.createTempDirectory("chromium-profile");
  }

  static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void chromiumShowsOneLanePerBatchOneBarPerAttemptAndTheBudgetLine() throws Exception {
    RunHistory run = withHostileBatch();
    Path html = temp.resolve("report.html");
    Files.writeString(html, new HtmlTimeline(run).render());
    String dom = dumpDom(html);

    int attempts = run.batches().stream().mapToInt(b -> b.attempts().size()).sum();
    assertThat(count(dom, "<g class=\"lane\"")).isEqualTo(run.batches().size());
    assertThat(count(dom, "<g class=\"attempt\"")).isEqualTo(attempts);
    assertThat(count(dom, "<rect class=\"running\"")).isEqualTo(attempts);
    assertThat(count(dom, "<g class=\"wave\"")).isEqualTo(2);
    assertThat(count(dom, "<line class=\"budget\"")).isEqualTo(1);
    assertThat(count(dom, "<path class=\"reserved\"")).isEqualTo(1);
    assertThat(dom).contains("data-outcome=\"oom_killed\"", "data-outcome=\"timeout\"");
    assertThat(dom).contains("<title>flaky, attempt 1: failed, exit code 1");

    // The hostile batch id and task are text, never markup: no script, no image, no handler.
    assertThat(dom).doesNotContain("<script", "<img", "<b>task");
    assertThat(dom).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    // Self-contained: nothing is fetched.
    assertThat(dom).doesNotContainPattern("\\s(src|href)=\"");

    screenshot(html, Path.of("target/report-timeline.png"));
  }

  @Test
  void peakMemoryIsInTheTooltipOnlyWhenKnown() {
    String html = new HtmlTimeline(Histories.mixed(null)).render();
    assertThat(html).doesNotContain("peak memory", "class=\"measured\"");
    var b = Histories.mixed(null).batches().get(0);
    var a = b.last();
    var measured =
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
            a.node());
    RunHistory run = Histories.mixed(null);
    RunHistory withPeak =
        new RunHistory(
            run.runId(),
            run.taskId(),
            run.status(),
            run.schedule(),
            run.budget(),
            run.startedAt(),
            run.finishedAt(),
            run.durationSeconds(),
            List.of(new BatchHistory("ok", 1, "success", List.of(measured))));
    assertThat(new HtmlTimeline(withPeak).render())
        .contains("peak memory 4MB", "<path class=\"measured\"");
  }
}
