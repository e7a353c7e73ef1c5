package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.it.faults.CrashIT;
import dev.cfnwave.it.support.RunTestSupport;
import dev.cfnwave.report.Json;
import dev.cfnwave.testing.Chromium;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The reports of real runs: junit.xml, summary.md and report.html written by `run`, rebuilt byte
 * for byte by `report` from the folder alone, and a report for a run killed with kill -9.
 */
class ReportsIT extends RunTestSupport {

  private static final Path SCHEMA = Path.of("src/test/resources/junit/junit.xsd");

  /** A log no XML parser would take as is: ESC sequences, NUL, a bell, bytes that are not UTF-8. */
  private static final String HOSTILE =
      "echo boom; printf '\\033[31mred\\033[0m \\000 \\007 \\377\\376 ]]> </system-out>\\n';"
          + " exit 4";

  @Test
  void aRunWritesTheThreeReportsAndReportRebuildsThemIdentically() throws Exception {
    String flaky =
        "if [ -f /workspace/seen-$BATCH_ID ]; then exit 0;"
            + " else touch /workspace/seen-$BATCH_ID; exit 5; fi";
    Path plan =
        plan(
            planJson(
                "rep",
                wave(
                    1,
                    batch("ok", 1, "true"),
                    batch("flaky", 1, flaky),
                    batch("broken", 1, HOSTILE),
                    batch("slow", 1, "sleep 120"))));
    Path stepSummary = temp.resolve("github-step-summary.md");
    environment.put("GITHUB_STEP_SUMMARY", stepSummary.toString());

    CliRun run =
        run(
            plan,
            "--retries",
            "1",
            "--backoff",
            "0.2",
            "--batch-timeout",
            "4",
            "--stop-grace",
            "1",
            "--memory-budget",
            "3g");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    Path folder = runFolder(runId);
    Path junit = folder.resolve("junit.xml");
    assertThat(xmllint(junit)).contains("validates");
    String xml = Files.readString(junit);
    assertThat(testcase(xml, "ok")).doesNotContain("<failure", "<flakyFailure", "<rerunFailure");
    assertThat(testcase(xml, "flaky"))
        .contains("<flakyFailure type=\"exit:5\"")
        .doesNotContain("<failure", "<rerunFailure");
    assertThat(testcase(xml, "broken"))
        .contains("<failure type=\"exit:4\"", "<rerunFailure type=\"exit:4\"")
        .contains("<property name=\"attempts\" value=\"2\"")
        .contains("<system-out>boom\nred")
        .contains("]]&gt; &lt;/system-out&gt;")
        .doesNotContain("\u001B", "\u0000", "\u0007");
    assertThat(testcase(xml, "slow")).contains("<failure type=\"timeout\"");
    assertThat(xml).contains("classname=\"rep.wave1\"");

    String summary = Files.readString(folder.resolve("summary.md"));
    assertThat(summary).startsWith("### ❌ cfn-wave run " + runId + ": timeout, 2 of 4");
    assertThat(summary).contains("<summary>broken (wave 1): failed, 2 attempts</summary>");
    assertThat(Files.readString(stepSummary)).isEqualTo(summary);

    Path html = folder.resolve("report.html");
    String dom = Chromium.dumpDom(html);
    assertThat(count(dom, "<g class=\"lane\"")).isEqualTo(4);
    assertThat(count(dom, "<g class=\"attempt\"")).isEqualTo(6);
    assertThat(dom).contains("data-outcome=\"timeout\"", "data-outcome=\"failed\"");
    assertThat(dom).contains("budget 3GB");
    Chromium.assertTextDoesNotOverlap(html);
    Chromium.screenshot(html, Path.of("target/report-run.png"), 520);

    for (String format : List.of("junit", "markdown", "html")) {
      Path rebuilt = temp.resolve("rebuilt-" + format);
      CliRun report =
          cfnWave("report", folder.toString(), "--format", format, "--output", rebuilt.toString());
      assertThat(report.exitCode()).as(report.err()).isZero();
      String file =
          format.equals("junit")
              ? "junit.xml"
              : format.equals("html") ? "report.html" : "summary.md";
      assertThat(Files.readAllBytes(rebuilt))
          .as(format)
          .isEqualTo(Files.readAllBytes(folder.resolve(file)));
    }
    CliRun json = cfnWave("report", runId, "--runs-dir", runsDir().toString(), "--format", "json");
    assertThat(json.exitCode()).as(json.err()).isZero();
    assertThat(Json.MAPPER.readTree(json.out()))
        .isEqualTo(Json.MAPPER.readTree(folder.resolve("report.json").toFile()));
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void aRunKilledWithKillMinusNineStillGetsItsReports() throws Exception {
    Path plan =
        plan(planJson("rep", wave(1, batch("quick", 1, "true"), batch("long", 1, "sleep 300"))));
    Process child = startChild(plan, "--memory-budget", "2g");
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  !child.isAlive()
                      || (journal("batch_settled").size() == 1
                          && journal("attempt_started").size() == 2));
      assertThat(child.isAlive()).as(childErr()).isTrue();
      CrashIT.signal("KILL", child);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    Path folder = runFolder(runId);
    assertThat(folder.resolve("report.json")).doesNotExist();
    assertThat(folder.resolve("junit.xml")).doesNotExist();

    Path junit = temp.resolve("junit.xml");
    CliRun report =
        cfnWave("report", folder.toString(), "--format", "junit", "--output", junit.toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    assertThat(xmllint(junit)).contains("validates");
    String xml = Files.readString(junit);
    assertThat(xml).contains("<property name=\"run_status\" value=\"interrupted\"");
    assertThat(testcase(xml, "quick")).doesNotContain("<failure", "<skipped");
    assertThat(testcase(xml, "long")).contains("<skipped message=\"interrupted");

    CliRun json = cfnWave("report", folder.toString());
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode document = Json.MAPPER.readTree(json.out());
    assertThat(document.get("status").asText()).isEqualTo("interrupted");
    assertThat(document.get("memory_budget").asText()).isEqualTo("2g");
    assertThat(document.get("metrics").get("interrupted").asInt()).isEqualTo(1);

    Path html = temp.resolve("report.html");
    assertThat(
            cfnWave("report", folder.toString(), "--format", "html", "--output", html.toString())
                .exitCode())
        .isZero();
    String dom = Chromium.dumpDom(html);
    assertThat(count(dom, "<g class=\"attempt\"")).isEqualTo(2);
    assertThat(dom).contains("data-outcome=\"interrupted\"");
    Chromium.assertTextDoesNotOverlap(html);
  }

  @Test
  void reportOfAFolderThatIsNoRunSaysSoAndExits2() throws Exception {
    CliRun report = cfnWave("report", temp.toString(), "--format", "junit");
    assertThat(report.exitCode()).isEqualTo(2);
    assertThat(report.out()).isEmpty();
    assertThat(report.err()).contains("not a run folder");
  }

  private static String testcase(String xml, String name) {
    Matcher m =
        Pattern.compile("<testcase [^>]*name=\"" + name + "\".*?</testcase>", Pattern.DOTALL)
            .matcher(xml);
    assertThat(m.find()).as("testcase " + name).isTrue();
    return m.group();
  }

  private static String xmllint(Path file) throws Exception {
    Process p =
        new ProcessBuilder("xmllint", "--noout", "--schema", SCHEMA.toString(), file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
