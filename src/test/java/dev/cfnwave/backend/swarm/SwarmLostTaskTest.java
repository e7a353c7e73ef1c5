package dev.cfnwave.backend.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfnwave.backend.AttemptPhase;
import dev.cfnwave.backend.AttemptStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A task whose node went down, as the manager shows it (observed on the rig, Engine 20.10). */
class SwarmLostTaskTest {

  private static final Instant DOWN_AT = Instant.parse("2026-01-01T00:00:20Z");

  private final ObjectMapper mapper = new ObjectMapper();

  private JsonNode service(int replicas) throws Exception {
    return json(
        "{'ID':'svc1','Spec':{'Name':'cfn-b1','Labels':{'cfn.batch.id':'b1'},"
            + "'Mode':{'Replicated':{'Replicas':"
            + replicas
            + "}}}}");
  }

  /** Its last reported state and the state Swarm wants it in, on node n1. */
  private JsonNode task(String state, String desired) throws Exception {
    return json(
        "{'ServiceID':'svc1','NodeID':'n1','CreatedAt':'2026-01-01T00:00:00Z','DesiredState':'"
            + desired
            + "','Status':{'State':'"
            + state
            + "','Timestamp':'2026-01-01T00:00:05Z','Err':'','ContainerStatus':{'ExitCode':0}}}");
  }

  private JsonNode json(String text) throws Exception {
    return mapper.readTree(text.replace('\'', '"'));
  }

  @Test
  void aRunningTaskGivenUpOnADownNodeIsLostWithNoExitCode() throws Exception {
    AttemptStatus s =
        SwarmTasks.status(service(1), task("running", "shutdown"), Map.of("n1", DOWN_AT));

    assertThat(s.phase()).isEqualTo(AttemptPhase.ENDED);
    assertThat(s.state()).isEqualTo("lost");
    assertThat(s.exitCode()).isNull();
    assertThat(s.oomKilled()).isFalse();
    assertThat(s.error()).startsWith("node lost: node n1 went down").contains("running");
    assertThat(s.startedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:05Z"));
    assertThat(s.finishedAt()).isEqualTo(DOWN_AT);
  }

  @Test
  void aStopInProgressOnAReadyNodeIsStillRunning() throws Exception {
    AttemptStatus s = SwarmTasks.status(service(0), task("running", "shutdown"), Map.of());

    assertThat(s.phase()).isEqualTo(AttemptPhase.RUNNING);
    assertThat(s.state()).isEqualTo("running");
  }

  @Test
  void aTaskSwarmStillWantsRunningIsNotLostInTheInstantItsNodeIsDown() throws Exception {
    AttemptStatus s =
        SwarmTasks.status(service(1), task("running", "running"), Map.of("n1", DOWN_AT));

    assertThat(s.phase()).isEqualTo(AttemptPhase.RUNNING);
  }

  @Test
  void aTaskThatReportedItsEndKeepsItEvenWhenItsNodeIsDownNow() throws Exception {
    AttemptStatus s =
        SwarmTasks.status(service(1), task("complete", "shutdown"), Map.of("n1", DOWN_AT));

    assertThat(s.state()).isEqualTo("complete");
    assertThat(s.exitCode()).isZero();
  }

  @Test
  void onlyATaskGivenUpBeforeItsEndWaitsForItsNode() throws Exception {
    assertThat(SwarmTasks.awaitsItsNode(task("running", "shutdown"))).isTrue();
    assertThat(SwarmTasks.awaitsItsNode(task("starting", "remove"))).isTrue();
    assertThat(SwarmTasks.awaitsItsNode(task("running", "running"))).isFalse();
    assertThat(SwarmTasks.awaitsItsNode(task("failed", "shutdown"))).isFalse();
    assertThat(SwarmTasks.awaitsItsNode(null)).isFalse();
  }
}
