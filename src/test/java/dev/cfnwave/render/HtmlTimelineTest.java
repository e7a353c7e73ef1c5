package dev.cfnwave.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.render.RunHistory.BatchHistory;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.testing.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens report.html in headless Chromium (Debian's chromium; scripts/test.sh installs it) and
 * checks the DOM the browser built and where it put the text: what a person sees, not what the Java
 * code meant to write.
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
    return Chromium.dumpDom(html);
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

    Chromium.assertTextDoesNotOverlap(html);
    Chromium.screenshot(html, Path.of("target/report-timeline.png"), 720);
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
            a.node(),
            a.image(),
            a.imageDigest());
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

  /** Four attempts of 400m at once, each peaking at 300m, under {@code budget}. */
  private static RunHistory fourAtOnce(String budget) {
    List<BatchHistory> batches = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      var a = Histories.attempt(1, i, 10 + i, ExitStatus.SUCCESS, 0L, null);
      batches.add(
          new BatchHistory("b" + i, 1, "success", List.of(Histories.sized(a, "400m", "300m"))));
    }
    return new RunHistory(
        "r4",
        "t",
        "succeeded",
        "waves",
        MemorySize.parse(budget),
        Histories.T0,
        Histories.T0.plusSeconds(16),
        16,
        batches);
  }

  /** The highest point of a step line: its least y. */
  private static double highest(String html, String kind) {
    Matcher path = Pattern.compile("<path class=\"" + kind + "\" d=\"([^\"]*)\"").matcher(html);
    assertThat(path.find()).as(kind).isTrue();
    Matcher point = Pattern.compile("[ML]([0-9.]+) ([0-9.]+)").matcher(path.group(1));
    double least = Double.MAX_VALUE;
    while (point.find()) {
      least = Math.min(least, Double.parseDouble(point.group(2)));
    }
    return least;
  }

  @Test
  void aRunUsingLittleOfItsBudgetIsScaledToWhatItUsedAndSaysTheBudgetInWords() throws Exception {
    Path html = temp.resolve("report.html");
    Files.writeString(html, new HtmlTimeline(fourAtOnce("21694m")).render());
    String page = Files.readString(html);

    // 1.6GB of 21.2GB: the line reaches the top of the chart instead of lying flat at its foot.
    assertThat(highest(page, "reserved")).isLessThan(50);
    assertThat(highest(page, "measured")).isLessThan(80);
    assertThat(page).doesNotContain("class=\"budget\"");
    assertThat(page)
        .contains(
            "reserved (peak 1.6GB)",
            "measured peaks, added up (peak 1.2GB)",
            "budget 21.2GB, off the chart: the run reserved at most 7% of it")
        .contains(">512MB</text>", ">1GB</text>", ">1.5GB</text>", ">2GB</text>");
    Chromium.assertTextDoesNotOverlap(html);
  }

  @Test
  void aBudgetTheRunUsedWellIsADashedLineWithItsLabel() throws Exception {
    Path html = temp.resolve("report.html");
    Files.writeString(html, new HtmlTimeline(fourAtOnce("2g")).render());
    String page = Files.readString(html);

    assertThat(count(page, "<line class=\"budget\"")).isEqualTo(1);
    assertThat(page).contains(">budget 2GB</text>").doesNotContain("off the chart");
    assertThat(highest(page, "reserved")).isLessThan(60);
    Chromium.assertTextDoesNotOverlap(html);
  }

  @Test
  void axisStepsArePowersOfTwoAtMostFourToTheTop() {
    long mib = 1L << 20;
    assertThat(MemoryChart.step(0)).isEqualTo(1024);
    assertThat(MemoryChart.step(1600 * mib)).isEqualTo(512 * mib);
    assertThat(MemoryChart.step(2048 * mib)).isEqualTo(512 * mib);
    assertThat(MemoryChart.step(2049 * mib)).isEqualTo(1024 * mib);
  }
}
