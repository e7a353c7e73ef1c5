package dev.cfnwave.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitReportTest {

  @TempDir Path temp;

  /** A log as hostile as a container's output gets: escapes, NUL, broken UTF-8, CDATA ends. */
  static byte[] hostileLog() {
    var bytes = new ByteArrayOutputStream();
    bytes.writeBytes("x".repeat(100_000).getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes("\nstart \u001B[31mred\u001B[0m and a bell \u0007 and NUL ".getBytes());
    bytes.write(0);
    bytes.writeBytes(" invalid UTF-8: ".getBytes());
    bytes.write(0xC3);
    bytes.write(0x28);
    bytes.write(0xFF);
    bytes.writeBytes(" ]]> <b>&amp; \"quoted\" </system-out> end\n".getBytes());
    return bytes.toByteArray();
  }

  Path junit() throws IOException {
    Path log = temp.resolve("hostile.log");
    Files.write(log, hostileLog());
    var out = new ByteArrayOutputStream();
    new JunitReport(Histories.mixed(log)).write(out);
    Path file = temp.resolve("junit.xml");
    Files.write(file, out.toByteArray());
    return file;
  }

  @Test
  void validatesAgainstTheJunitSchemaWithXmllint() throws Exception {
    Path file = junit();
    Path schema = Path.of("src/test/resources/junit/junit.xsd");
    Process xmllint =
        new ProcessBuilder("xmllint", "--noout", "--schema", schema.toString(), file.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(xmllint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(xmllint.waitFor()).as(output).isZero();
    assertThat(output).contains("validates");
  }

  @Test
  void oneSuitePerWaveOneCasePerBatchWithSurefireRerunConventions() throws Exception {
    Document doc = parse(junit());
    List<Element> suites = elements(doc.getDocumentElement(), "testsuite");
    assertThat(suites).extracting(s -> s.getAttribute("name")).containsExactly("wave 1", "wave 2");
    assertThat(suites.get(0).getAttribute("tests")).isEqualTo("4");
    assertThat(suites.get(0).getAttribute("failures")).isEqualTo("2");
    assertThat(suites.get(1).getAttribute("skipped")).isEqualTo("1");

    Element ok = testcase(doc, "ok");
    assertThat(ok.getAttribute("classname")).isEqualTo("fix-ts.wave1");
    assertThat(ok.getAttribute("time")).isEqualTo("3.000");
    assertThat(children(ok, "failure")).isEmpty();
    assertThat(children(ok, "flakyFailure")).isEmpty();
    assertThat(properties(ok)).contains("tier=1", "memory_limit=512m", "attempts=1");

    Element flaky = testcase(doc, "flaky");
    assertThat(children(flaky, "failure")).isEmpty();
    assertThat(children(flaky, "flakyFailure"))
        .singleElement()
        .satisfies(f -> assertThat(f.getAttribute("type")).isEqualTo("exit:1"));
    assertThat(properties(flaky)).contains("attempts=2");

    Element broken = testcase(doc, "broken");
    assertThat(children(broken, "failure"))
        .singleElement()
        .satisfies(f -> assertThat(f.getAttribute("type")).isEqualTo("exit:3"));
    assertThat(children(broken, "rerunFailure")).hasSize(1);
    String out = children(broken, "system-out").get(0).getTextContent();
    assertThat(out)
        .contains("start red and a bell  and NUL  invalid UTF-8: \uFFFD(\uFFFD ]]> <b>&amp;")
        .contains("</system-out> end")
        .doesNotContain("\u001B", "\u0000", "\u0007", "xxxxx");
    assertThat(out.getBytes(StandardCharsets.UTF_8).length).isLessThan(65 * 1024);

    assertThat(children(testcase(doc, "slow"), "failure").get(0).getAttribute("type"))
        .isEqualTo("timeout");
    assertThat(children(testcase(doc, "oom"), "failure").get(0).getAttribute("type"))
        .isEqualTo("oom_killed");
    assertThat(children(testcase(doc, "later"), "skipped")).hasSize(1);
  }

  @Test
  void eachSuiteIsStampedWithWhenItsWaveOpenedAndAWaveThatNeverDidWithNothing() throws Exception {
    RunHistory mixed = Histories.mixed(null);
    List<RunHistory.BatchHistory> batches = new ArrayList<>(mixed.batches());
    batches.add(new RunHistory.BatchHistory("never", 3, "not_started", List.of()));
    RunHistory run =
        new RunHistory(
            mixed.runId(),
            mixed.taskId(),
            mixed.status(),
            mixed.schedule(),
            mixed.budget(),
            mixed.startedAt().minusSeconds(7),
            mixed.finishedAt(),
            mixed.durationSeconds(),
            batches);
    var out = new ByteArrayOutputStream();
    new JunitReport(run).write(out);
    Path file = Files.write(temp.resolve("junit.xml"), out.toByteArray());

    List<Element> suites = elements(parse(file).getDocumentElement(), "testsuite");
    assertThat(suites)
        .extracting(s -> s.getAttribute("name") + " " + s.getAttribute("timestamp"))
        .containsExactly(
            "wave 1 " + Histories.T0, "wave 2 " + Histories.T0.plusSeconds(20), "wave 3 ");
    assertThat(suites.get(2).hasAttribute("timestamp")).isFalse();
  }

  @Test
  void peakMemoryIsAPropertyOnlyWhenKnown() throws Exception {
    assertThat(properties(testcase(parse(junit()), "ok"))).noneMatch(p -> p.startsWith("peak"));
    var run = Histories.mixed(null);
    var b = run.batches().get(0);
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
    var withPeak =
        new RunHistory(
            run.runId(),
            run.taskId(),
            run.status(),
            run.schedule(),
            dev.cfnwave.plan.MemorySize.parse("21694m"),
            run.startedAt(),
            run.finishedAt(),
            run.durationSeconds(),
            List.of(new RunHistory.BatchHistory("ok", 1, "success", List.of(measured))));
    var out = new ByteArrayOutputStream();
    new JunitReport(withPeak).write(out);
    Path file = temp.resolve("peak.xml");
    Files.write(file, out.toByteArray());
    // Amounts measured or derived in the rounded human form; the limit as configured.
    assertThat(properties(testcase(parse(file), "ok")))
        .contains("peak_memory=4MB", "memory_limit=512m");
    assertThat(Files.readString(file)).contains("name=\"memory_budget\" value=\"21.2GB\"");
  }

  static Document parse(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  static Element testcase(Document doc, String name) {
    NodeList cases = doc.getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      Element e = (Element) cases.item(i);
      if (e.getAttribute("name").equals(name)) {
        return e;
      }
    }
    throw new AssertionError("no testcase " + name);
  }

  static List<Element> children(Element parent, String name) {
    return elements(parent, name);
  }

  static List<Element> elements(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        found.add(e);
      }
    }
    return found;
  }

  static List<String> properties(Element testcase) {
    List<String> found = new ArrayList<>();
    for (Element props : children(testcase, "properties")) {
      for (Element p : children(props, "property")) {
        found.add(p.getAttribute("name") + "=" + p.getAttribute("value"));
      }
    }
    return found;
  }
}
