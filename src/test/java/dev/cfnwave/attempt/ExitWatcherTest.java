package dev.cfnwave.attempt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.testing.Specs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each watched container's end is told once, found by its event or by the reconciling poll. */
class ExitWatcherTest {

  private static final Duration NEVER = Duration.ofHours(1);
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final InMemoryBackend backend = new InMemoryBackend();

  @AfterEach
  void close() {
    backend.close();
  }

  private String started(String name, String prompt) {
    String id = backend.launch(Specs.container(name, "r1", name, prompt));
    return id;
  }

  private void awaitExited(String id) {
    await().until(() -> backend.status(id).hasEnded());
  }

  private ExitWatcher watcher(Duration pollInterval) {
    return new ExitWatcher(backend, WaveListener.NONE, CfnLabels.managed(), pollInterval);
  }

  @Test
  void anExitSeenByBothEventAndPollIsToldOnce() throws InterruptedException {
    try (ExitWatcher exits = watcher(NEVER)) {
      String id = started("c1", "ms=600000");
      exits.watch(id, true);
      assertThat(exits.next(Duration.ZERO)).isNull(); // the first poll: still running
      backend.stop(id, Duration.ZERO); // its die event is now queued as a hint
      awaitExited(id);
      exits.reconcileSoon(); // and the poll sees it too

      List<EndNotice> ends = new ArrayList<>();
      for (EndNotice end = exits.next(PATIENCE);
          end != null;
          end = exits.next(Duration.ofMillis(200))) {
        ends.add(end);
      }

      assertThat(ends).extracting(EndNotice::handle).containsExactly(id);
      assertThat(ends.get(0).status().exitCode()).isEqualTo(143L);
      assertThat(exits.watchedCount()).isZero();
    }
  }

  @Test
  void anExitIsFoundByItsEventBetweenPolls() throws InterruptedException {
    try (ExitWatcher exits = watcher(NEVER)) {
      String id = started("c1", "ms=600000");
      exits.watch(id, true);
      assertThat(exits.next(Duration.ZERO)).isNull(); // the one poll of this test is spent

      backend.stop(id, Duration.ZERO);
      EndNotice end = exits.next(PATIENCE);

      assertThat(end).isNotNull();
      assertThat(end.handle()).isEqualTo(id);
      assertThat(end.finalState()).isPresent();
    }
  }

  @Test
  void anExitWithoutAnEventIsFoundByThePoll() throws InterruptedException {
    String id = started("c1", "exit=3");
    awaitExited(id); // before the watcher subscribed: no event will ever come for it

    try (ExitWatcher exits = watcher(NEVER)) {
      exits.watch(id, true);
      EndNotice end = exits.next(PATIENCE);

      assertThat(end).isNotNull();
      assertThat(end.status().exitCode()).isEqualTo(3L);
    }
  }

  @Test
  void anUnlabelledContainerIsListedByItsId() throws InterruptedException {
    String id = started("c1", "exit=0");
    awaitExited(id);

    try (ExitWatcher exits =
        new ExitWatcher(
            backend, WaveListener.NONE, java.util.Map.of("cfn.no-such", "label"), NEVER)) {
      exits.watch(id, false);
      EndNotice end = exits.next(PATIENCE);

      assertThat(end).isNotNull();
      assertThat(end.handle()).isEqualTo(id);
    }
  }

  @Test
  void aContainerRemovedBeforeItsInspectionEndsWithoutDetails() throws InterruptedException {
    try (ExitWatcher exits = watcher(NEVER)) {
      String id = started("c1", "ms=600000");
      exits.watch(id, true);
      assertThat(exits.next(Duration.ZERO)).isNull();

      backend.dispose(id);
      EndNotice end = exits.next(PATIENCE);

      assertThat(end).isNotNull();
      assertThat(end.handle()).isEqualTo(id);
      assertThat(end.finalState()).isEmpty();
    }
  }

  @Test
  void anUnwatchedContainerIsNotTold() throws InterruptedException {
    try (ExitWatcher exits = watcher(NEVER)) {
      String watched = started("c1", "ms=600000");
      String other = started("c2", "ms=600000");
      exits.watch(watched, true);
      exits.watch(other, true);
      exits.unwatch(other);
      assertThat(exits.next(Duration.ZERO)).isNull();

      backend.stop(other, Duration.ZERO);
      backend.stop(watched, Duration.ZERO);

      assertThat(exits.next(PATIENCE).handle()).isEqualTo(watched);
    }
  }
}
