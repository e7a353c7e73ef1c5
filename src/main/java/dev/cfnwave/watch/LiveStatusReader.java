package dev.cfnwave.watch;

import dev.cfnwave.CfnWaveException;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.render.RunHistory;
import dev.cfnwave.render.RunHistory.AttemptHistory;
import dev.cfnwave.render.RunHistory.BatchHistory;
import dev.cfnwave.run.admission.Estimates;
import dev.cfnwave.run.journal.RunFolder;
import dev.cfnwave.run.journal.RunHistoryReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Builds a run's {@link LiveStatus} from its folder (plan, journal, report), and asks the engine
 * about the attempts the journal has not seen end, when one answers; without one the status is the
 * journal's, and says so.
 */
public final class LiveStatusReader {

  private LiveStatusReader() {}

  /**
   * @param engine opens the backend the run used; called only when some attempt has not ended, and
   *     its failure (no engine) is reported in the status rather than thrown
   */
  public static LiveStatus read(
      Path folder, RunHistoryReader.WaveSelector selector, Supplier<Backend> engine, Instant now) {
    RunState state = RunState.of(folder, RunFolder.journal(folder));
    RunHistory history = RunHistoryReader.read(folder, selector);
    Estimates estimates = RunEstimates.of(folder, history);
    List<Unended> unended = new ArrayList<>();
    List<LiveStatus.Waiting> waiting = new ArrayList<>();
    Map<String, List<String>> ended = new TreeMap<>();
    int retries = 0;
    for (BatchHistory b : history.batches()) {
      retries += Math.max(0, b.attempts().size() - 1);
      String phase = BatchPhase.of(b, state);
      AttemptHistory last = b.last();
      if (BatchPhase.isActive(phase) || (state != RunState.RUNNING && hasNotEnded(last))) {
        unended.add(new Unended(b, last, phase));
      } else if (phase.equals(BatchPhase.WAITING)) {
        waiting.add(
            new LiveStatus.Waiting(
                b.batchId(),
                b.waveNumber(),
                b.attempts().size() + 1,
                last == null ? null : last.outcome()));
      } else {
        ended.computeIfAbsent(phase, p -> new ArrayList<>()).add(b.batchId());
      }
    }
    EngineAnswer answer = EngineAnswer.ask(engine, unended);
    List<LiveStatus.Running> running = new ArrayList<>();
    long reserved = 0;
    for (Unended u : unended) {
      Duration expected = estimates.byBatchId().get(u.batch.batchId());
      Instant since =
          u.attempt.launchedAt() != null ? u.attempt.launchedAt() : u.attempt.admittedAt();
      running.add(
          new LiveStatus.Running(
              u.batch.batchId(),
              u.batch.waveNumber(),
              u.attempt.number(),
              u.attempt.name(),
              u.attempt.handle(),
              state == RunState.RUNNING ? u.phase : "not_ended",
              since == null ? null : since.toString(),
              since == null ? 0 : Math.max(0, Duration.between(since, now).toSeconds()),
              u.attempt.memoryLimit() == null ? null : u.attempt.memoryLimit().dockerForm(),
              expected == null ? null : expected.toSeconds(),
              answer.stateOf(u.attempt.handle())));
      if (state == RunState.RUNNING && u.attempt.memoryLimit() != null) {
        reserved += u.attempt.memoryLimit().bytes();
      }
    }
    MemorySize budget = history.budget();
    int endedCount = ended.values().stream().mapToInt(List::size).sum();
    return new LiveStatus(
        history.runId(),
        folder.toString(),
        history.taskId(),
        state.wireName(),
        state == RunState.RUNNING ? null : history.status(),
        history.startedAt().toString(),
        Math.max(
            0,
            state == RunState.RUNNING
                ? Duration.between(history.startedAt(), now).toSeconds()
                : history.durationSeconds()),
        answer.engine(state),
        new LiveStatus.Counts(
            history.batches().size(),
            (int) running.stream().filter(r -> !r.phase().equals("not_ended")).count(),
            waiting.size(),
            endedCount),
        running,
        waiting,
        ended,
        retries,
        new LiveStatus.Memory(
            reserved,
            reserved == 0 ? "0" : new MemorySize(reserved).humanForm(),
            budget == null ? null : budget.bytes(),
            budget == null ? null : budget.humanForm()),
        RunEta.of(state, running, waiting, estimates, now));
  }

  private static boolean hasNotEnded(AttemptHistory attempt) {
    return attempt != null && attempt.endedAt() == null && attempt.handle() != null;
  }

  /** A batch whose last attempt the journal has not seen end. */
  record Unended(BatchHistory batch, AttemptHistory attempt, String phase) {}

  /** What the engine said of the unended attempts' handles, or why it was not asked. */
  private record EngineAnswer(
      boolean consulted, String backend, String problem, Map<String, String> states) {

    static EngineAnswer ask(Supplier<Backend> engine, List<Unended> unended) {
      List<String> handles =
          unended.stream().map(u -> u.attempt.handle()).filter(h -> h != null).toList();
      if (handles.isEmpty()) {
        return new EngineAnswer(false, null, null, Map.of());
      }
      try {
        Backend backend = engine.get();
        Map<String, String> states = new HashMap<>();
        for (AttemptStatus s : backend.list(handles)) {
          states.put(s.handle(), s.state());
        }
        return new EngineAnswer(true, backend.name(), null, states);
      } catch (CfnWaveException e) {
        return new EngineAnswer(false, null, e.getMessage(), Map.of());
      }
    }

    String stateOf(String handle) {
      if (!consulted || handle == null) {
        return null;
      }
      String state = states.get(handle);
      if (state != null) {
        return state;
      }
      // a handle's unique prefix matches too
      return states.entrySet().stream()
          .filter(e -> e.getKey().startsWith(handle) || handle.startsWith(e.getKey()))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse("gone");
    }

    LiveStatus.Engine engine(RunState state) {
      if (consulted) {
        return new LiveStatus.Engine(
            true, backend, "the engine was asked about the attempts still running by the journal");
      }
      if (problem != null) {
        return new LiveStatus.Engine(
            false, null, "from the journal alone: no engine answered (" + problem + ")");
      }
      return new LiveStatus.Engine(
          false,
          null,
          state == RunState.RUNNING
              ? "from the journal alone: no attempt is running"
              : "from the journal alone: every attempt ended");
    }
  }
}
