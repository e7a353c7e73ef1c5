package dev.cfnwave.testing;

import dev.cfnwave.engine.ContainerEngine;
import dev.cfnwave.engine.ContainerNotFoundException;
import dev.cfnwave.engine.ContainerSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Removes every container that carries one of some labels, and keeps at it until none is left or a
 * deadline passes: what a test's cleanup needs from a loaded engine. Docker 26.1.5 with containerd
 * 1.7 on 2 cores answered some removes of freshly SIGKILLed containers with "context deadline
 * exceeded" from the shim, and a run still going after a failed assertion creates more; a single
 * pass that stopped at the first failure left 27 containers behind.
 */
public final class ContainerSweep {

  /** How long a sweep waits between passes that left something behind. */
  static final Duration PAUSE = Duration.ofSeconds(1);

  private ContainerSweep() {}

  /**
   * Removes the containers with any of these label sets until a listing finds none.
   *
   * @throws AssertionError when some are still there at the deadline, naming them and the last
   *     failure: a leak is a test failure, not a silence
   */
  public static void removeAll(
      ContainerEngine engine, List<Map<String, String>> labelSets, Duration deadline) {
    Instant giveUp = Instant.now().plus(deadline);
    RuntimeException lastFailure = null;
    for (int pass = 0; ; pass++) {
      List<String> left = new ArrayList<>();
      for (Map<String, String> labels : labelSets) {
        try {
          engine.listByLabels(labels).stream().map(ContainerSummary::id).forEach(left::add);
        } catch (RuntimeException e) {
          lastFailure = e;
          left.add("(unlisted: " + labels + ")");
        }
      }
      if (left.isEmpty()) {
        return;
      }
      if (pass > 0 && Instant.now().isAfter(giveUp)) {
        var leak =
            new AssertionError(
                left.size() + " container(s) still there after " + deadline + ": " + left);
        if (lastFailure != null) {
          leak.initCause(lastFailure);
        }
        throw leak;
      }
      if (pass > 0) {
        pause(); // what an earlier pass could not remove: give the engine a moment
      }
      for (String id : left) {
        if (id.startsWith("(")) {
          continue;
        }
        try {
          engine.remove(id);
        } catch (ContainerNotFoundException gone) {
          // removed meanwhile: what we wanted
        } catch (RuntimeException e) {
          lastFailure = e; // one slow or failed remove must not end the sweep
        }
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(PAUSE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while removing a test's containers", e);
    }
  }
}
