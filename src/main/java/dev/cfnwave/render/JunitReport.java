package dev.cfnwave.render;

import dev.cfnwave.render.RunHistory.AttemptHistory;
import dev.cfnwave.render.RunHistory.BatchHistory;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A run as JUnit XML, the way Jenkins, GitLab and the GitHub test-report actions read it: one
 * testsuite per wave (its timestamp is when the wave opened), one testcase per batch. A batch that
 * passed on a retry carries Surefire's flakyFailure per failed attempt; one that failed every
 * attempt has a failure (its first attempt) and a rerunFailure per later attempt. system-out is
 * what the last attempt's result file said (status, summary, usage, its output folder, warnings),
 * then the tail of its saved log.
 */
public final class JunitReport {

  /** Cap of the log tail in one testcase's system-out. */
  static final int LOG_TAIL_BYTES = 64 * 1024;

  private final RunHistory run;

  public JunitReport(RunHistory run) {
    this.run = run;
  }

  public void write(OutputStream out) {
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", "cfn-wave run " + run.runId());
      List<BatchHistory> all = run.batches();
      xml.writeAttribute("tests", String.valueOf(all.size()));
      xml.writeAttribute("failures", String.valueOf(all.stream().filter(this::failed).count()));
      xml.writeAttribute("errors", "0");
      xml.writeAttribute("time", seconds(all));
      for (int wave : run.waveNumbers()) {
        suite(xml, wave, run.wave(wave));
      }
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write JUnit XML: " + e.getMessage(), e);
    }
  }

  private void suite(XMLStreamWriter xml, int wave, List<BatchHistory> batches)
      throws XMLStreamException {
    xml.writeCharacters("\n  ");
    xml.writeStartElement("testsuite");
    xml.writeAttribute("name", "wave " + wave);
    xml.writeAttribute("tests", String.valueOf(batches.size()));
    xml.writeAttribute("failures", String.valueOf(batches.stream().filter(this::failed).count()));
    xml.writeAttribute("errors", "0");
    xml.writeAttribute("skipped", String.valueOf(batches.stream().filter(this::skipped).count()));
    xml.writeAttribute("time", seconds(batches));
    Instant opened = opened(batches);
    if (opened != null) {
      xml.writeAttribute("timestamp", opened.toString());
    }
    xml.writeCharacters("\n    ");
    xml.writeStartElement("properties");
    property(xml, "run_id", run.runId(), "\n      ");
    property(xml, "run_status", run.status(), "\n      ");
    if (run.budget() != null) {
      property(xml, "memory_budget", run.budget().humanForm(), "\n      ");
    }
    xml.writeCharacters("\n    ");
    xml.writeEndElement();
    for (BatchHistory b : batches) {
      testcase(xml, wave, b);
    }
    xml.writeCharacters("\n  ");
    xml.writeEndElement();
  }

  private void testcase(XMLStreamWriter xml, int wave, BatchHistory b) throws XMLStreamException {
    xml.writeCharacters("\n    ");
    xml.writeStartElement("testcase");
    String task = run.taskId() != null ? run.taskId() : run.runId();
    xml.writeAttribute("classname", LogTail.clean(task + ".wave" + wave));
    xml.writeAttribute("name", LogTail.clean(b.batchId()));
    xml.writeAttribute("time", seconds(List.of(b)));
    AttemptHistory last = b.last();
    String indent = "\n        ";
    xml.writeCharacters("\n      ");
    xml.writeStartElement("properties");
    if (last != null && last.tier() != null) {
      property(xml, "tier", String.valueOf(last.tier()), indent);
    }
    if (last != null && last.memoryLimit() != null) {
      property(xml, "memory_limit", last.memoryLimit().dockerForm(), indent);
    }
    property(xml, "attempts", String.valueOf(b.attempts().size()), indent);
    if (last != null && last.peakMemory() != null) {
      property(xml, "peak_memory", last.peakMemory().humanForm(), indent);
    }
    property(xml, "final_status", b.finalStatus(), indent);
    xml.writeCharacters("\n      ");
    xml.writeEndElement();

    List<AttemptHistory> attempts = b.attempts();
    if (b.succeeded()) {
      for (AttemptHistory a : attempts.subList(0, attempts.size() - 1)) {
        rerun(xml, "flakyFailure", a);
      }
    } else if (failed(b)) {
      AttemptHistory first = attempts.get(0);
      xml.writeCharacters("\n      ");
      xml.writeStartElement("failure");
      xml.writeAttribute("type", Describe.failureType(first));
      String message = Describe.attempt(first, run.finishedAt());
      if (b.reason() != null && !message.contains(b.reason())) {
        message += "; not retried: " + b.reason();
      }
      xml.writeAttribute("message", message);
      xml.writeCharacters(history(b));
      xml.writeEndElement();
      for (AttemptHistory a : attempts.subList(1, attempts.size())) {
        rerun(xml, "rerunFailure", a);
      }
    } else {
      xml.writeCharacters("\n      ");
      xml.writeStartElement("skipped");
      xml.writeAttribute("message", skipMessage(b));
      xml.writeEndElement();
    }
    List<String> output = last == null ? List.of() : Outputs.lines(last);
    if (last != null && (last.log() != null || !output.isEmpty())) {
      xml.writeCharacters("\n      ");
      xml.writeStartElement("system-out");
      for (String line : output) {
        xml.writeCharacters(LogTail.clean(line) + "\n");
      }
      if (last.log() != null) {
        xml.writeCharacters(LogTail.of(last.log(), LOG_TAIL_BYTES));
      }
      xml.writeEndElement();
    }
    xml.writeCharacters("\n    ");
    xml.writeEndElement();
  }

  private void rerun(XMLStreamWriter xml, String element, AttemptHistory a)
      throws XMLStreamException {
    xml.writeCharacters("\n      ");
    xml.writeStartElement(element);
    xml.writeAttribute("type", Describe.failureType(a));
    xml.writeAttribute("message", Describe.attempt(a, run.finishedAt()));
    xml.writeStartElement("stackTrace");
    xml.writeCharacters(Describe.attempt(a, run.finishedAt()));
    xml.writeEndElement();
    xml.writeEndElement();
  }

  private String history(BatchHistory b) {
    StringBuilder text = new StringBuilder();
    for (AttemptHistory a : b.attempts()) {
      text.append(Describe.attempt(a, run.finishedAt())).append('\n');
    }
    return text.toString();
  }

  private static void property(XMLStreamWriter xml, String name, String value, String indent)
      throws XMLStreamException {
    xml.writeCharacters(indent);
    xml.writeEmptyElement("property");
    xml.writeAttribute("name", name);
    xml.writeAttribute("value", LogTail.clean(value));
  }

  /**
   * When the wave opened: its earliest attempt's queueing (or, when the journal does not say, its
   * admission, launch or start). Null for a wave that never started: no timestamp then.
   */
  private static Instant opened(List<BatchHistory> batches) {
    return batches.stream()
        .flatMap(b -> b.attempts().stream())
        .map(JunitReport::firstKnown)
        .filter(Objects::nonNull)
        .min(Comparator.naturalOrder())
        .orElse(null);
  }

  private static Instant firstKnown(AttemptHistory a) {
    return Stream.of(a.queuedAt(), a.admittedAt(), a.launchedAt(), a.startedAt())
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  private static String skipMessage(BatchHistory b) {
    if (b.skipped()) {
      return "skipped: " + (b.reason() != null ? b.reason() : "a dependency failed");
    }
    if (b.cancelled()) {
      return "cancelled: " + (b.reason() != null ? b.reason() : "its group had its successes");
    }
    return b.finalStatus().equals("not_started")
        ? "not started: the run stopped before its turn"
        : "interrupted: the run stopped before this batch had a final result";
  }

  private boolean failed(BatchHistory b) {
    return !b.succeeded() && !skipped(b);
  }

  private boolean skipped(BatchHistory b) {
    return b.finalStatus().equals("not_started")
        || b.finalStatus().equals("interrupted")
        || b.skipped()
        || b.cancelled();
  }

  private String seconds(List<BatchHistory> batches) {
    Duration total = Duration.ZERO;
    for (BatchHistory b : batches) {
      for (AttemptHistory a : b.attempts()) {
        total = total.plus(a.running(run.finishedAt()));
      }
    }
    return Describe.seconds(total);
  }
}
