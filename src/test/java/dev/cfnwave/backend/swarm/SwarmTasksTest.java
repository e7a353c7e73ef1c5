package dev.cfnwave.backend.swarm;

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
        "{'ServiceID':'svc1','NodeID':'node7','CreatedAt':'2026-01-01T00:00:00Z',"
            + "'Spec':{'ContainerSpec':{'Image':'agent:1'}},'Status':{'State':'"
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
  void rejectedNeverRanAndNamesTheNodeThatRefusedItByHostnameAndId() throws Exception {
    AttemptStatus s =
        SwarmTasks.status(
            service(1),
            task("rejected", "0", "invalid mount config: bind source path does not exist: /w"),
            id -> id.equals("node7") ? "worker-a" : null);

    assertThat(s.phase()).isEqualTo(AttemptPhase.REJECTED);
    assertThat(s.hasEnded()).isTrue();
    assertThat(s.exitCode()).isNull();
    assertThat(s.error())
        .isEqualTo(
            "node worker-a (node7) rejected the task: invalid mount config: bind source path"
                + " does not exist: /w");
  }

  @Test
  void aNodeWithoutTheImageIsNamedAndTheErrorSaysHowANodeGetsIt() throws Exception {
    AttemptStatus s =
        SwarmTasks.status(
            service(1), task("rejected", null, "No such image: agent:1"), id -> "worker-a");

    assertThat(s.error())
        .startsWith("node worker-a (node7) rejected the task: No such image: agent:1")
        .contains("docker save agent:1 | docker -H NODE load");
  }

  @Test
  void aRejectingNodeWhoseHostnameIsUnknownIsNamedByItsId() throws Exception {
    AttemptStatus s = SwarmTasks.status(service(1), task("rejected", null, "No such image: x"));

    assertThat(s.error()).startsWith("node node7 rejected the task: No such image: x");
  }

  @Test
  void pendingIsNotStartedAndSaysWhy() throws Exception {
    AttemptStatus s =
        SwarmTasks.status(service(1), task("pending", null, "no suitable node (insufficient)"));

    assertThat(s.phase()).isEqualTo(AttemptPhase.PENDING);
    assertThat(s.hasEnded()).isFalse();
    assertThat(s.state()).isEqualTo("pending");
    assertThat(s.exitCode()).isNull();
    assertThat(s.startedAt()).isNull();
    assertThat(s.error()).isEqualTo("no suitable node (insufficient)");
  }

  @Test
  void everyStateBeforeRunningIsPending() throws Exception {
    for (String state :
        new String[] {"new", "pending", "assigned", "accepted", "preparing", "ready", "starting"}) {
      AttemptStatus s = SwarmTasks.status(service(1), task(state, null, ""));

      assertThat(s.phase()).as(state).isEqualTo(AttemptPhase.PENDING);
      assertThat(s.error()).as(state).isNull();
      assertThat(s.startedAt()).as(state).isNull();
    }
  }

  @Test
  void runningHasNoExitCodeEvenWhenTheTaskShowsOne() throws Exception {
    AttemptStatus s = SwarmTasks.status(service(1), task("running", "-1", ""));

    assertThat(s.phase()).isEqualTo(AttemptPhase.RUNNING);
    assertThat(s.exitCode()).isNull();
    assertThat(s.startedAt()).isEqualTo(java.time.Instant.parse("2026-01-01T00:00:05Z"));
  }

  @Test
  void aServiceWithoutATaskIsPendingUnlessAStopScaledItToZero() throws Exception {
    assertThat(SwarmTasks.status(service(1), null).phase()).isEqualTo(AttemptPhase.PENDING);
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
