package dev.cfnwave.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.backend.memory.InMemoryEngine;
import dev.cfnwave.engine.ContainerState;
import dev.cfnwave.engine.NameConflictException;
import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.testing.Specs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Docker backend's launch: one container per attempt, under its name, even when the engine's
 * answers get lost.
 */
class DockerLaunchTest {

  private static final String NAME = "cfn-wave1-b1";

  private final InMemoryEngine engine = new InMemoryEngine();
  private final List<WaveEvent> events = new CopyOnWriteArrayList<>();
  private final DockerLaunch launcher =
      new DockerLaunch(engine, events::add, Duration.ZERO, Failpoint.NONE);

  /** Runs until stopped, so that its state cannot change under the assertions. */
  private static AttemptSpec spec(String runId) {
    return Specs.container(NAME, runId, "b1", "ms=600000");
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private long startsOf(String name) {
    return engine.timeline().stream().filter(m -> m.start() && m.name().equals(name)).count();
  }

  @Test
  void launchCreatesAndStartsOneContainer() {
    String id = launcher.launch(spec("r1"));

    assertThat(engine.inspect(NAME).id()).isEqualTo(id);
    assertThat(engine.inspect(id).state()).isEqualTo(ContainerState.RUNNING);
    assertThat(engine.createdCount()).isEqualTo(1);
    assertThat(startsOf(NAME)).isEqualTo(1);
  }

  @Test
  void aCreateWhoseAnswerIsLostIsTakenOverUnderTheSameName() {
    engine.loseAnswerOf("create", "b1");

    String id = launcher.launch(spec("r1"));

    assertThat(engine.createdCount()).isEqualTo(1);
    assertThat(engine.liveCount()).isEqualTo(1);
    assertThat(engine.inspect(NAME).id()).isEqualTo(id);
    assertThat(engine.inspect(id).state()).isEqualTo(ContainerState.RUNNING);
    assertThat(events)
        .filteredOn(e -> e instanceof WaveEvent.Note n && n.level() == WaveEvent.Level.WARN)
        .singleElement()
        .asString()
        .contains("trying again under the same name");
  }

  @Test
  void aStartWhoseAnswerIsLostIsNotStartedTwice() {
    engine.loseAnswerOf("start", "b1");

    String id = launcher.launch(spec("r1"));

    assertThat(engine.createdCount()).isEqualTo(1);
    assertThat(engine.inspect(NAME).id()).isEqualTo(id);
    assertThat(startsOf(NAME)).isEqualTo(1);
  }

  @Test
  void aCreatedButNeverStartedContainerOfTheBatchIsTakenOver() {
    String created = engine.create(spec("r1"));

    String id = launcher.launch(spec("r1"));

    assertThat(id).isEqualTo(created);
    assertThat(engine.createdCount()).isEqualTo(1);
    assertThat(engine.inspect(id).state()).isEqualTo(ContainerState.RUNNING);
  }

  @Test
  void theNameOfAnotherRunsContainerIsNotTakenOver() {
    String theirs = engine.create(spec("other-run"));

    assertThatThrownBy(() -> launcher.launch(spec("r1"))).isInstanceOf(NameConflictException.class);

    assertThat(engine.createdCount()).isEqualTo(1);
    assertThat(engine.inspect(NAME).id()).isEqualTo(theirs);
    assertThat(engine.inspect(NAME).labels()).containsEntry(CfnLabels.RUN_ID, "other-run");
    assertThat(engine.inspect(NAME).state()).isEqualTo(ContainerState.CREATED);
  }

  @Test
  void aStartedContainerOfTheBatchIsNotTakenOverOnAFirstTry() {
    launcher.launch(spec("r1"));

    assertThatThrownBy(() -> launcher.launch(spec("r1"))).isInstanceOf(NameConflictException.class);
    assertThat(engine.createdCount()).isEqualTo(1);
    assertThat(startsOf(NAME)).isEqualTo(1);
  }

  @Test
  void aRefusedStartRemovesWhatWasCreated() {
    engine.refuse("start", "b1");

    assertThatThrownBy(() -> launcher.launch(spec("r1")))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("refused");

    assertThat(engine.createdCount()).isEqualTo(1);
    assertThat(engine.liveCount()).isZero();
  }
}
