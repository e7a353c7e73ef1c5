package dev.cfnwave.run.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.ToolFailureException;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.testing.JsonSchemas;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path folder;

  private Path file() {
    return folder.resolve("journal.jsonl");
  }

  @Test
  void entriesAreReadBackInOrderWithTheirFields() {
    BatchRun b = BatchRuns.pending("a", 1);
    try (Journal journal = Journal.open(file())) {
      journal.append(JournalEntry.of(JournalEntry.RUN_STARTED, AT));
      journal.append(b.starting(new Attempt(1, b.nextShape(), "c-a"), AT));
    }

    List<JournalEntry> read = Journal.read(file());

    assertThat(read)
        .extracting(JournalEntry::type)
        .containsExactly(JournalEntry.RUN_STARTED, JournalEntry.ATTEMPT_STARTING);
    assertThat(read.get(1).batchId()).isEqualTo("a");
    assertThat(read.get(1).name()).isEqualTo("c-a");
    assertThat(read.get(0).at()).isEqualTo("2026-01-01T00:00:00Z");
  }

  @Test
  void theNodeThatRanAnAttemptIsOnItsEndedLineOnly() throws Exception {
    BatchRun b = BatchRuns.pending("a", 1);
    try (Journal journal = Journal.open(file(), "swarm")) {
      journal.append(b.starting(new Attempt(1, b.nextShape(), "c-a"), AT));
      journal.append(b.started("h1", AT, AT));
      journal.append(
          b.ended(
              new AttemptEnd("h1", 0L, ExitStatus.SUCCESS, null, AT, AT, "worker-1", null), AT));
    }

    List<String> lines = Files.readAllLines(file());
    assertThat(lines.get(1)).doesNotContain("node");
    assertThat(lines.get(2)).contains("\"node\":\"worker-1\"");
    assertThat(Journal.read(file()).get(2).node()).isEqualTo("worker-1");
  }

  @Test
  void whyAnAttemptWaitsIsJournaledOncePerReasonAndReadBack() throws Exception {
    String noNode = "no suitable node (insufficient resources on 2 nodes)";
    String noImage = "preparing";
    BatchRun b = BatchRuns.pending("a", 1);
    try (Journal journal = Journal.open(file(), "swarm")) {
      journal.append(b.starting(new Attempt(1, b.nextShape(), "cfn-wave1-a-r1"), AT));
      journal.append(b.started("h1", null, AT));
      for (String reason : List.of(noNode, noNode, noImage)) {
        JournalEntry line = b.pending(reason, AT);
        if (line != null) {
          journal.append(line);
        }
      }
    }

    assertThat(Journal.read(file()))
        .filteredOn(e -> e.type().equals(JournalEntry.ATTEMPT_PENDING))
        .extracting(JournalEntry::error)
        .containsExactly(noNode, noImage);
    for (String line : Files.readAllLines(file())) {
      JsonSchemas.requireValid(JsonSchemas.JOURNAL_LINE, "journal line", JsonSchemas.parse(line));
    }
  }

  @Test
  void aTornLastLineIsIgnored() throws Exception {
    try (Journal journal = Journal.open(file())) {
      journal.append(JournalEntry.of(JournalEntry.RUN_STARTED, AT));
    }
    Files.writeString(file(), "{\"type\":\"attempt_sta", StandardOpenOption.APPEND);

    assertThat(Journal.read(file()))
        .extracting(JournalEntry::type)
        .containsExactly(JournalEntry.RUN_STARTED);
  }

  @Test
  void appendingAfterATornLineStartsAFreshLine() throws Exception {
    try (Journal journal = Journal.open(file())) {
      journal.append(JournalEntry.of(JournalEntry.RUN_STARTED, AT));
    }
    Files.writeString(file(), "{\"type\":\"attempt_sta", StandardOpenOption.APPEND);

    try (Journal journal = Journal.open(file())) {
      journal.append(JournalEntry.of(JournalEntry.RUN_FINISHED, AT));
    }

    assertThat(Journal.read(file()))
        .extracting(JournalEntry::type)
        .containsExactly(JournalEntry.RUN_STARTED, JournalEntry.RUN_FINISHED);
    assertThat(Files.readAllLines(file(), StandardCharsets.UTF_8)).hasSize(2);
  }

  @Test
  void aJournalOfAnEarlierVersionIsRead() throws Exception {
    Files.writeString(
        file(),
        """
        {"type":"run_started","at":"2026-01-01T00:00:00Z"}
        {"type":"attempt_stopping","at":"2026-01-01T00:00:01Z","batch_id":"a","attempt":1,\
        "container_name":"c-a","container_id":"abc","tier":1,"memory_limit":"100m",\
        "error":"timeout","some_later_field":true}
        {"type":"some_later_type","at":"2026-01-01T00:00:02Z"}
        """);

    List<JournalEntry> read = Journal.read(file());

    assertThat(read).hasSize(3);
    assertThat(StopReason.fromWire(read.get(1).error())).isEqualTo(StopReason.TIMEOUT);
    assertThat(read.get(1).name()).isEqualTo("c-a");
    assertThat(read.get(1).handle()).isEqualTo("abc");
    assertThat(read.get(1).backendOrDefault()).isEqualTo("docker");
    assertThat(read.get(1).node()).isNull();
  }

  @Test
  void anEntryWithAHandleNamesItsBackend() throws Exception {
    JournalEntry started =
        new JournalEntry(
            JournalEntry.ATTEMPT_STARTED,
            "2026-01-01T00:00:01Z",
            "a",
            1,
            "c-a",
            null,
            "h1",
            1,
            "100m",
            null,
            null,
            null,
            "2026-01-01T00:00:01Z",
            null,
            null,
            null,
            null,
            null);
    try (Journal journal = Journal.open(file(), "elsewhere")) {
      journal.append(JournalEntry.of(JournalEntry.RUN_STARTED, java.time.Instant.EPOCH));
      journal.append(started);
    }

    List<String> lines = Files.readAllLines(file());

    assertThat(lines.get(0)).doesNotContain("backend");
    assertThat(lines.get(1))
        .contains("\"attempt_name\":\"c-a\"", "\"backend\":\"elsewhere\"", "\"handle\":\"h1\"")
        .doesNotContain("container");
    assertThat(Journal.read(file()).get(1).backend()).isEqualTo("elsewhere");
  }

  @Test
  void anEntryThatCannotBeWrittenIsAToolFailure() {
    Journal journal = Journal.open(file());
    journal.close();

    assertThatThrownBy(() -> journal.append(JournalEntry.of(JournalEntry.RUN_STARTED, AT)))
        .isInstanceOf(ToolFailureException.class)
        .hasMessageContaining("cannot write the run's journal " + file())
        .hasMessageContaining("--resume");
  }

  @Test
  void aResumedRunsHistoryIsWhenItStartedAndTheMostItsAttemptsHeldAtOnce() {
    BatchRun a = BatchRuns.pending("a", 1);
    BatchRun b = BatchRuns.pending("b", 1);
    BatchRun c = BatchRuns.pending("c", 1);
    try (Journal journal = Journal.open(file())) {
      journal.append(JournalEntry.of(JournalEntry.RUN_STARTED, AT));
      journal.append(a.starting(new Attempt(1, a.nextShape(), "c-a"), AT));
      journal.append(b.starting(new Attempt(1, b.nextShape(), "c-b"), AT));
      journal.append(a.ended(AttemptEnd.spawnFailed("gone"), AT));
      journal.append(c.starting(new Attempt(1, c.nextShape(), "c-c"), AT));
      journal.append(JournalEntry.of(JournalEntry.RUN_STARTED, AT.plusSeconds(60)));
    }

    EarlierProcesses history = EarlierProcesses.of(Journal.read(file()));

    assertThat(history.startedAt()).contains(AT);
    assertThat(history.peakReserved()).isEqualTo(2 * a.nextShape().memoryLimit().bytes());
  }
}
