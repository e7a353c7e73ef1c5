package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfnwave.backend.AttemptPhase;
import dev.cfnwave.backend.AttemptStatus;
import org.junit.jupiter.api.Test;

class SwarmTasksTest {

  private final ObjectMapper mapper = new ObjectMapper();

  private JsonNode json(String text) throws Exception {
    return mapper.readTree(text.replace('\'', '"'));
  }

  private JsonNode service(int replicas) throws Exception {
    return json(
        "{'ID':'svc1','Spec':{'Name':'cfn-b1','Labels':{'cfn.batch.id':'b1'},"
            + "'Mode':{'Replicated':{'Replicas':"
            + replicas
            + "}}}}");
  }

  private JsonNode task(String state, String exit, String err) throws Exception {
    return json(
        "{'ServiceID':'svc1','CreatedAt':'2026-01-01T00:00:00Z','Status':{'State':'"
            + state
            + "','Timestamp':'2026-01-01T00:00:05Z','Err':'"
            + err
            + "','ContainerStatus':{"
            + (exit == null ? "" : "'ExitCode':" + exit)
            + "}}}");
  }

  @Test
  void completeIsEndedWithExitZero() throws Exception {
    AttemptStatus s = SwarmTasks.status(service(1), task("complete", "0", ""));

    assertThat(s.phase()).isEqualTo(AttemptPhase.ENDED);
    assertThat(s.exitCode()).isZero();
    assertThat(s.error()).isNull();
    assertThat(s.handle()).isEqualTo("svc1");
    assertThat(s.name()).isEqualTo("cfn-b1");
    assertThat(s.label("cfn.batch.id")).contains("b1");
    assertThat(s.oomKilled()).isFalse();
  }

  @Test
  void failedCarriesTheContainersExitCodeAndTheEnginesError() throws Exception {
    AttemptStatus s = SwarmTasks.status(service(1), task("failed", "3", "task: non-zero exit (3)"));

    assertThat(s.phase()).isEqualTo(AttemptPhase.ENDED);
    assertThat(s.exitCode()).isEqualTo(3L);
    assertThat(s.error()).isEqualTo("task: non-zero exit (3)");
  }

  @Test
  void rejectedIsEndedWithTheErrorAndNoExitCode() throws Exception {
    AttemptStatus s = SwarmTasks.status(service(1), task("rejected", "0", "No such image: x"));

    assertThat(s.phase()).isEqualTo(AttemptPhase.ENDED);
    assertThat(s.exitCode()).isNull();
    assertThat(s.error()).isEqualTo("No such image: x");
  }

  @Test
  void pendingIsNotEndedAndSaysWhy() throws Exception {
    AttemptStatus s =
        SwarmTasks.status(service(1), task("pending", null, "no suitable node (insufficient)"));

    assertThat(s.phase()).isEqualTo(AttemptPhase.RUNNING);
    assertThat(s.state()).isEqualTo("pending");
    assertThat(s.exitCode()).isNull();
    assertThat(s.error()).startsWith("no suitable node");
  }

  @Test
  void runningHasNoExitCodeEvenWhenTheTaskShowsOne() throws Exception {
    AttemptStatus s = SwarmTasks.status(service(1), task("running", "-1", ""));

    assertThat(s.phase()).isEqualTo(AttemptPhase.RUNNING);
    assertThat(s.exitCode()).isNull();
    assertThat(s.startedAt()).isNotNull();
  }

  @Test
  void aServiceWithoutATaskIsPendingUnlessAStopScaledItToZero() throws Exception {
    assertThat(SwarmTasks.status(service(1), null).phase()).isEqualTo(AttemptPhase.RUNNING);
    AttemptStatus stopped = SwarmTasks.status(service(0), null);

    assertThat(stopped.phase()).isEqualTo(AttemptPhase.ENDED);
    assertThat(stopped.state()).isEqualTo(SwarmTasks.STOPPED);
    assertThat(stopped.exitCode()).isNull();
  }

  @Test
  void aTaskSwarmShutDownHasNoExitCodeThoughTheTaskShowsZero() throws Exception {
    AttemptStatus s = SwarmTasks.status(service(0), task("shutdown", "0", ""));

    assertThat(s.phase()).isEqualTo(AttemptPhase.ENDED);
    assertThat(s.exitCode()).isNull();
  }

  @Test
  void theLatestTaskIsTheLastCreated() throws Exception {
    JsonNode older = json("{'CreatedAt':'2026-01-01T00:00:00Z'}");
    JsonNode newer = json("{'CreatedAt':'2026-01-01T00:00:09Z'}");

    assertThat(SwarmTasks.latest(older, newer)).isSameAs(newer);
    assertThat(SwarmTasks.latest(newer, older)).isSameAs(newer);
    assertThat(SwarmTasks.latest(null, older)).isSameAs(older);
  }
}
