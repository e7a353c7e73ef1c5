package dev.cfnwave.cleanup;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.InputException;
import dev.cfnwave.backend.AttemptPhase;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.CfnLabels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MixedTasksTest {

  @Test
  void twoTaskIdsWithOneRunningAreRefusedNamingEachWithItsCounts() {
    List<AttemptStatus> selected =
        List.of(container("a", true), container("a", false), container("b", false));

    assertThatThrownBy(() -> MixedTasks.refuseIfRunning(selected))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("2 task ids")
        .hasMessageContaining("a (2 containers, 1 running)")
        .hasMessageContaining("b (1 container, 0 running)")
        .hasMessageContaining("--all-tasks");
  }

  @Test
  void oneTaskIdRunningOrManyEndedKeepTheSeedsBehaviour() {
    assertThatCode(
            () -> MixedTasks.refuseIfRunning(List.of(container("a", true), container("a", true))))
        .doesNotThrowAnyException();
    assertThatCode(
            () -> MixedTasks.refuseIfRunning(List.of(container("a", false), container("b", false))))
        .doesNotThrowAnyException();
  }

  private static AttemptStatus container(String taskId, boolean running) {
    return new AttemptStatus(
        "id-" + taskId + running,
        "cfn-wave1-x-" + taskId,
        running ? AttemptPhase.RUNNING : AttemptPhase.ENDED,
        running ? "running" : "exited",
        running ? null : 0L,
        false,
        null,
        null,
        null,
        Map.of(CfnLabels.MANAGED, "true", CfnLabels.TASK_ID, taskId),
        0,
        null);
  }
}
