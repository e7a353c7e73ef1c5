package dev.cfnwave.watch;

import dev.cfnwave.render.RunHistory;
import dev.cfnwave.render.RunHistory.BatchHistory;
import dev.cfnwave.run.journal.JournalEntry;
import dev.cfnwave.run.journal.RunFolder;
import dev.cfnwave.run.journal.RunHistoryReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The runs of a runs folder, newest first: every folder in it with an invocation.json, read from
 * its folder alone. A run folder that cannot be read is listed as unreadable, saying why, rather
 * than hiding the others.
 */
public final class RunsListing {

  private RunsListing() {}

  /** What {@code cfn-wave runs} prints: the runs folder and its runs, newest first. */
  public record Document(String runsDir, List<RunSummary> runs) {

    public Document {
      runs = List.copyOf(runs);
    }
  }

  /** At most {@code limit} runs of {@code runsDirectory}, newest first; none when it is absent. */
  public static List<RunSummary> list(
      Path runsDirectory, RunHistoryReader.WaveSelector selector, int limit, Instant now) {
    if (!Files.isDirectory(runsDirectory)) {
      return List.of();
    }
    List<Dated> runs = new ArrayList<>();
    try (Stream<Path> folders = Files.list(runsDirectory)) {
      for (Path folder : folders.sorted().toList()) {
        if (Files.isRegularFile(folder.resolve("invocation.json"))) {
          runs.add(summarize(folder, selector, now));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + runsDirectory + ": " + e.getMessage(), e);
    }
    return runs.stream()
        .sorted(Comparator.comparing(Dated::started).reversed())
        .limit(limit)
        .map(Dated::summary)
        .toList();
  }

  /**
   * The run created last in {@code runsDirectory}, by its invocation.json (written as the run
   * starts); empty when there is none.
   */
  public static Optional<Path> newest(Path runsDirectory) {
    if (!Files.isDirectory(runsDirectory)) {
      return Optional.empty();
    }
    try (Stream<Path> folders = Files.list(runsDirectory)) {
      return folders
          .filter(f -> Files.isRegularFile(f.resolve("invocation.json")))
          .max(Comparator.comparing((Path f) -> modified(f.resolve("invocation.json"))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + runsDirectory + ": " + e.getMessage(), e);
    }
  }

  private record Dated(Instant started, RunSummary summary) {}

  private static Dated summarize(Path folder, RunHistoryReader.WaveSelector selector, Instant now) {
    String id = folder.getFileName().toString();
    try {
      List<JournalEntry> journal = RunFolder.journal(folder);
      RunState state = RunState.of(folder, journal);
      RunHistory history = RunHistoryReader.read(folder, selector);
      Map<String, Integer> phases = new TreeMap<>();
      for (BatchHistory b : history.batches()) {
        phases.merge(BatchPhase.of(b, state), 1, Integer::sum);
      }
      long seconds =
          state == RunState.RUNNING
              ? Duration.between(history.startedAt(), now).toSeconds()
              : history.durationSeconds();
      return new Dated(
          history.startedAt(),
          new RunSummary(
              history.runId(),
              history.taskId(),
              history.startedAt().toString(),
              state.wireName(),
              state == RunState.RUNNING ? null : history.status(),
              phases,
              Math.max(0, seconds),
              null));
    } catch (RuntimeException e) {
      Instant modified = modified(folder);
      return new Dated(
          modified,
          new RunSummary(
              id, null, modified.toString(), "unreadable", null, Map.of(), null, e.getMessage()));
    }
  }

  private static Instant modified(Path folder) {
    try {
      return Files.getLastModifiedTime(folder).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }
}
