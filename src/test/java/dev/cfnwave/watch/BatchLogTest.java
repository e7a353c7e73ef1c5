package dev.cfnwave.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.InputException;
import dev.cfnwave.backend.AttemptNotFoundException;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.memory.DelegatingBackend;
import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.run.journal.JournalEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchLogTest {

  @TempDir Path temp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final List<String> notes = new ArrayList<>();
  private final List<String> copied = new ArrayList<>();

  /** A backend whose attempts each wrote "live log of HANDLE", and that logs what it copied. */
  private final Backend engine =
      new DelegatingBackend(new InMemoryBackend()) {
        @Override
        public void copyLog(String handle, OutputStream sink, boolean follow) {
          copied.add(handle + (follow ? " followed" : ""));
          if (handle.equals("gone")) {
            throw new AttemptNotFoundException("no such container", handle, null);
          }
          try {
            sink.write(("live log of " + handle + "\n").getBytes(StandardCharsets.UTF_8));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private BatchLog log(Path folder, Supplier<Backend> backend) {
    return new BatchLog(
        folder,
        (s, p) -> null,
        backend,
        () -> {
          throw new AssertionError("waited");
        },
        notes::add);
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private Path midway(boolean running) throws Exception {
    Path folder = RunFolders.create(temp, "r", RunFolders.midway());
    if (running) {
      RunFolders.orchestratedByThisProcess(folder);
    }
    return folder;
  }

  @Test
  void anEndedAttemptsKeptLogIsPrintedWithoutAnEngine() throws Exception {
    Path folder = midway(false);
    Files.createDirectories(folder.resolve("logs"));
    Files.writeString(folder.resolve("logs/cfn-wave1-c-r1.log"), "kept log of c\n");

    log(folder, () -> null).print("c", null, false, out);

    assertThat(printed()).isEqualTo("kept log of c\n");
    assertThat(notes).isEmpty();
  }

  @Test
  void aRunningAttemptsLogComesFromTheEngineFollowedWhenAsked() throws Exception {
    log(midway(true), () -> engine).print("b", null, true, out);

    assertThat(printed()).isEqualTo("live log of hb\n");
    assertThat(copied).containsExactly("hb followed");
    assertThat(notes)
        .containsExactly(
            "batch b attempt 1: its container's log from the engine, followed until it ends");
  }

  @Test
  void anAttemptDisposedOfSinceTheJournalWasReadGivesItsKeptLog() throws Exception {
    Path folder =
        RunFolders.create(
            temp,
            "r",
            List.of(
                RunFolders.started(0),
                RunFolders.line(JournalEntry.ATTEMPT_STARTING, 1, "a", 1, null, null),
                RunFolders.line(JournalEntry.ATTEMPT_STARTED, 2, "a", 1, "gone", null)));
    RunFolders.orchestratedByThisProcess(folder);
    Files.createDirectories(folder.resolve("logs"));
    Files.writeString(folder.resolve("logs/cfn-wave1-a-r1.log"), "kept since\n");

    log(folder, () -> engine).print("a", null, false, out);

    assertThat(printed()).isEqualTo("kept since\n");
  }

  @Test
  void anEndedAttemptWithoutAKeptLogIsOneLineSayingSo() throws Exception {
    Path folder = midway(false);
    Backend goneEngine =
        new DelegatingBackend(new InMemoryBackend()) {
          @Override
          public void copyLog(String handle, OutputStream sink, boolean follow) {
            throw new AttemptNotFoundException("no such container", handle, null);
          }
        };

    assertThatThrownBy(() -> log(folder, () -> goneEngine).print("a", null, false, out))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("BATCH a: no log of attempt 1 in run r: its container is gone");
  }

  @Test
  void anUnknownBatchListsTheRunsBatches() throws Exception {
    assertThatThrownBy(() -> log(midway(true), () -> engine).print("zz", null, false, out))
        .isInstanceOf(InputException.class)
        .hasMessage("BATCH zz: no such batch in run r; its batches: a, b, c, d");
  }

  @Test
  void anUnknownAttemptSaysWhichTheBatchHas() throws Exception {
    assertThatThrownBy(() -> log(midway(true), () -> engine).print("a", 3, true, out))
        .isInstanceOf(InputException.class)
        .hasMessage("--attempt 3: batch a has attempt 1 only in run r");
  }

  @Test
  void aBatchNotStartedIsAnErrorUnlessFollowed() throws Exception {
    assertThatThrownBy(() -> log(midway(true), () -> engine).print("d", null, false, out))
        .isInstanceOf(InputException.class)
        .hasMessage("BATCH d: has not started in run r (--follow waits for it)");
  }

  @Test
  void aFollowedBatchNotLaunchedYetIsWaitedFor() throws Exception {
    Path folder = midway(true);
    int[] waits = {0};
    BatchLog log =
        new BatchLog(
            folder,
            (s, p) -> null,
            () -> engine,
            () -> {
              waits[0]++;
              appendLaunchOfD(folder);
            },
            notes::add);

    log.print("d", null, true, out);

    assertThat(waits[0]).isEqualTo(1);
    assertThat(printed()).isEqualTo("live log of hd\n");
  }

  private static void appendLaunchOfD(Path folder) {
    try (var journal =
        dev.cfnwave.run.journal.Journal.open(
            folder.resolve(dev.cfnwave.run.journal.RunFolder.JOURNAL))) {
      journal.append(RunFolders.line(JournalEntry.ATTEMPT_STARTING, 20, "d", 1, null, null));
      journal.append(RunFolders.line(JournalEntry.ATTEMPT_STARTED, 21, "d", 1, "hd", null));
    }
  }
}
