package dev.cfnwave.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cfnwave.backend.open.Backends;
import dev.cfnwave.engine.NameConflictException;
import dev.cfnwave.event.WaveListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Backend} does, whatever runs the attempts: one suite, run against each backend
 * by a subclass that says how to open one and how to make an attempt behave. Each test owns only
 * the attempts of its own run id, and removes them by that label even when it fails.
 */
public abstract class BackendContract {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir protected Path temp;

  /** This test's run id: every attempt it launches carries it. */
  protected String runId;

  private final List<Backend> opened = new ArrayList<>();
  private Backend backend;

  /** A new instance of the backend, as a new process would open it. */
  protected abstract Backend openBackend();

  /** The name the backend is opened by ({@code --backend}). */
  protected abstract String backendName();

  /** The image attempts run. */
  protected abstract String image();

  /** A behaviour (the attempt's TASK_PROMPT) that exits with this code at once. */
  protected abstract String exitsWith(int code);

  /** A behaviour that prints this word on a line of its own, then exits 0. */
  protected abstract String prints(String word);

  /** A behaviour that runs until it is stopped. */
  protected abstract String runsUntilStopped();

  /** Makes the launch of this attempt fail (the backend's error); returns what to launch. */
  protected abstract AttemptSpec unlaunchable(AttemptSpec spec);

  /**
   * Begins the attempt's launch and cuts it short, as a crash in the middle would (where a launch
   * is one step: makes the launch's one call, as if its answer were lost).
   */
  protected abstract void beginLaunchOnly(AttemptSpec spec);

  /** The network attempts join; null: the backend's default. */
  protected String network() {
    return null;
  }

  @BeforeEach
  void openFirstBackend() {
    runId = "ct" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    backend = open();
  }

  @AfterEach
  void removeWhatTheTestLaunched() {
    Backend cleaner = open();
    for (AttemptStatus left : cleaner.listOwned(Map.of(CfnLabels.RUN_ID, runId))) {
      try {
        cleaner.dispose(left.handle());
      } catch (AttemptNotFoundException gone) {
        // disposed of meanwhile
      }
    }
    opened.forEach(Backend::close);
  }

  private Backend open() {
    Backend b = openBackend();
    opened.add(b);
    return b;
  }

  /** The labels of this test's run. */
  protected Map<String, String> runLabels() {
    Map<String, String> labels = new LinkedHashMap<>(CfnLabels.managed());
    labels.put(CfnLabels.RUN_ID, runId);
    return labels;
  }

  /** An attempt of this test's run at batch {@code batchId}, with this behaviour. */
  protected AttemptSpec spec(String batchId, String behaviour) {
    Map<String, String> labels = runLabels();
    labels.put(CfnLabels.BATCH_ID, batchId);
    labels.put(CfnLabels.WAVE_NUMBER, "1");
    return new AttemptSpec(
        "cfn-contract-" + batchId + "-" + runId,
        image(),
        labels,
        Map.of("TASK_PROMPT", behaviour),
        64L << 20,
        null,
        network(),
        ContainerSecurity.DEFAULT);
  }

  private String launch(AttemptSpec spec) {
    return backend.launch(spec, WaveListener.NONE);
  }

  private AttemptStatus ended(Backend on, String handle) {
    await().atMost(PATIENCE).until(() -> on.status(handle).hasEnded());
    return on.status(handle);
  }

  private List<String> ownedNames(Backend on) {
    return on.listOwned(runLabels()).stream().map(AttemptStatus::name).toList();
  }

  @Test
  public void anAttemptEndsWithItsExitCode() {
    String zero = launch(spec("zero", exitsWith(0)));
    String three = launch(spec("three", exitsWith(3)));

    AttemptStatus succeeded = ended(backend, zero);
    AttemptStatus failed = ended(backend, three);

    assertThat(succeeded.exitCode()).isZero();
    assertThat(succeeded.oomKilled()).isFalse();
    assertThat(succeeded.name()).isEqualTo(spec("zero", "").name());
    assertThat(failed.exitCode()).isEqualTo(3L);
    assertThat(failed.phase()).isEqualTo(AttemptPhase.ENDED);
    assertThat(failed.label(CfnLabels.BATCH_ID)).contains("three");
  }

  @Test
  public void aLaunchThatFailsThrowsAndLeavesNothing() {
    AttemptSpec spec = unlaunchable(spec("bad", exitsWith(0)));

    assertThatThrownBy(() -> launch(spec)).isInstanceOf(EngineException.class);

    assertThat(ownedNames(backend)).isEmpty();
  }

  /** The record read before connecting (run's budget, spawn's --constraint) is the backend's. */
  @Test
  public void itsCapabilitiesAreKnownByNameBeforeConnecting() {
    assertThat(backend.capabilities()).isEqualTo(Backends.capabilities(backendName()));
  }

  /** Where a launch is one step, launching again takes the attempt over; elsewhere it refuses. */
  @Test
  public void launchingALaunchedAttemptAgainLeavesOneAttempt() {
    AttemptSpec spec = spec("twice", runsUntilStopped());
    String first = launch(spec);

    if (backend.capabilities().launchIsOneStep()) {
      assertThat(launch(spec)).isEqualTo(first);
    } else {
      assertThatThrownBy(() -> launch(spec)).isInstanceOf(NameConflictException.class);
    }

    assertThat(backend.listOwned(runLabels()))
        .singleElement()
        .satisfies(a -> assertThat(a.handle()).isEqualTo(first))
        .satisfies(a -> assertThat(a.phase()).isIn(AttemptPhase.PENDING, AttemptPhase.RUNNING));
  }

  @Test
  public void aLaunchCutShortIsCompletedByLaunchingAgainNotDoubled() {
    AttemptSpec spec = spec("cut", exitsWith(4));
    beginLaunchOnly(spec);

    String handle = launch(spec);

    assertThat(ended(backend, handle).exitCode()).isEqualTo(4L);
    assertThat(backend.listOwned(runLabels()))
        .singleElement()
        .satisfies(a -> assertThat(a.handle()).isEqualTo(handle));
  }

  @Test
  public void aStoppedAttemptEndsWithinItsGrace() {
    String handle = launch(spec("long", runsUntilStopped()));
    AttemptPhase launched = backend.status(handle).phase();
    if (backend.capabilities().startsOnLaunch()) {
      assertThat(launched).isEqualTo(AttemptPhase.RUNNING);
    } else {
      assertThat(launched).isIn(AttemptPhase.PENDING, AttemptPhase.RUNNING);
    }

    backend.stop(handle, Duration.ofSeconds(1));

    AttemptStatus stopped = ended(backend, handle);
    if (backend.capabilities().stopKeepsExitCode()) {
      assertThat(stopped.exitCode()).isIn(137L, 143L);
    } else {
      assertThat(stopped.exitCode()).as("a stopped attempt's exit code, unknown here").isNull();
    }
    assertThat(stopped.oomKilled()).isFalse();
  }

  @Test
  public void anEndedAttemptIsHinted() throws Exception {
    Set<String> hinted = ConcurrentHashMap.newKeySet();
    try (AutoCloseable hints =
        backend.watchEnds(
            new EndHints() {
              @Override
              public void ended(String handle) {
                hinted.add(handle);
              }

              @Override
              public void streamEnded(Throwable cause) {}
            })) {
      String handle = launch(spec("hinted", exitsWith(0)));

      await().atMost(PATIENCE).until(() -> hinted.contains(handle));
    }
  }

  @Test
  public void theSavedLogHoldsTheOutputUpToTheCap() throws Exception {
    String handle = launch(spec("talks", prints("contract-output-line")));
    ended(backend, handle);

    SavedLog whole = backend.saveLog(handle, temp.resolve("whole.log"), 1 << 20);
    SavedLog capped = backend.saveLog(handle, temp.resolve("capped.log"), 8);

    assertThat(Files.readString(whole.file(), StandardCharsets.UTF_8))
        .isEqualTo("contract-output-line\n");
    assertThat(whole.truncated()).isFalse();
    assertThat(whole.bytes()).isEqualTo("contract-output-line\n".length());
    assertThat(capped.truncated()).isTrue();
    assertThat(capped.bytes()).isEqualTo(8);
    assertThat(Files.readString(capped.file(), StandardCharsets.UTF_8)).startsWith("contract");
  }

  @Test
  public void aDisposedAttemptIsGone() {
    String handle = launch(spec("gone", runsUntilStopped()));

    backend.dispose(handle);

    assertThat(ownedNames(backend)).isEmpty();
    assertThatThrownBy(() -> backend.status(handle)).isInstanceOf(AttemptNotFoundException.class);
    assertThatThrownBy(() -> backend.dispose(handle)).isInstanceOf(AttemptNotFoundException.class);
  }

  @Test
  public void onlyTheAttemptsCarryingTheLabelsAreListed() {
    String a = launch(spec("a", runsUntilStopped()));
    String b = launch(spec("b", exitsWith(0)));
    Map<String, String> justA = new LinkedHashMap<>(runLabels());
    justA.put(CfnLabels.BATCH_ID, "a");
    Map<String, String> noOne = new LinkedHashMap<>(runLabels());
    noOne.put(CfnLabels.BATCH_ID, "no-such-batch");

    assertThat(backend.listOwned(justA)).extracting(AttemptStatus::handle).containsExactly(a);
    assertThat(backend.listOwned(noOne)).isEmpty();
    assertThat(ownedNames(backend))
        .containsExactlyInAnyOrder(spec("a", "").name(), spec("b", "").name());
    assertThat(backend.list(List.of(a, b)))
        .extracting(AttemptStatus::handle)
        .containsExactlyInAnyOrder(a, b);
  }

  @Test
  public void aNewInstanceRecoversLaunchedAttemptsByName() {
    AttemptSpec running = spec("running", runsUntilStopped());
    AttemptSpec finished = spec("finished", exitsWith(5));
    AttemptSpec cut = spec("cut", exitsWith(0));
    String runningHandle = launch(running);
    String finishedHandle = launch(finished);
    ended(backend, finishedHandle);
    beginLaunchOnly(cut);

    Backend afterCrash = open();
    Map<String, AttemptStatus> recovered = afterCrash.recover(runLabels());

    if (afterCrash.capabilities().launchIsOneStep()) {
      assertThat(recovered).containsOnlyKeys(running.name(), finished.name(), cut.name());
    } else {
      assertThat(recovered).containsOnlyKeys(running.name(), finished.name());
    }
    assertThat(recovered.get(running.name()).handle()).isEqualTo(runningHandle);
    assertThat(recovered.get(running.name()).phase())
        .isIn(AttemptPhase.PENDING, AttemptPhase.RUNNING);
    assertThat(recovered.get(finished.name()).handle()).isEqualTo(finishedHandle);
    assertThat(afterCrash.status(finishedHandle).exitCode()).isEqualTo(5L);
    afterCrash.stop(runningHandle, Duration.ZERO);
    assertThat(ended(afterCrash, runningHandle).hasEnded()).isTrue();
    String completed = afterCrash.launch(cut, WaveListener.NONE);
    assertThat(ended(afterCrash, completed).exitCode()).isZero();
    assertThat(ownedNames(afterCrash)).hasSize(3);
  }

  @Test
  public void capacityNamesAtLeastOneNodeWithMemory() {
    assertThat(backend.capacity())
        .isNotEmpty()
        .allSatisfy(n -> assertThat(n.memoryBytes()).isPositive());
  }
}
