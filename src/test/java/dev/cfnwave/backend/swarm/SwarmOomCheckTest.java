package dev.cfnwave.backend.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.InputException;
import dev.cfnwave.backend.AttemptPhase;
import dev.cfnwave.backend.AttemptStatus;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SwarmOomCheckTest {

  private static AttemptStatus killed() {
    return new AttemptStatus(
        "svc1",
        "cfn-b1",
        AttemptPhase.ENDED,
        "failed",
        137L,
        false,
        "task: non-zero exit (137)",
        null,
        null,
        Map.of(),
        0,
        null);
  }

  @Test
  void anOomKillTheNodesEngineConfirmsIsOomKilled() {
    AttemptStatus s = SwarmOomCheck.judged(killed(), "n1", Optional.of(true));

    assertThat(s.oomKilled()).isTrue();
    assertThat(s.exitCode()).isEqualTo(137L);
    assertThat(s.error()).isEqualTo("OOM-killed (node n1's engine says)");
  }

  @Test
  void aSigkillTheNodesEngineDoesNotCallOomStaysFailed() {
    AttemptStatus s = SwarmOomCheck.judged(killed(), "n1", Optional.of(false));

    assertThat(s.oomKilled()).isFalse();
    assertThat(s.error()).contains("not by the OOM killer");
  }

  @Test
  void withoutTheNodesEngineTheErrorSaysWhat137Means() {
    AttemptStatus s = SwarmOomCheck.judged(killed(), "n1", Optional.empty());

    assertThat(s.oomKilled()).isFalse();
    assertThat(s.error())
        .startsWith("killed (exit 137): OOM not confirmable on swarm")
        .contains("node n1")
        .contains("CFN_SWARM_NODE_ENGINES");
  }

  @Test
  void nodeEnginesAreIdEqualsHostPairs() {
    assertThat(SwarmOomCheck.parse("a=unix:///a.sock, b=tcp://b:2376"))
        .containsExactly(Map.entry("a", "unix:///a.sock"), Map.entry("b", "tcp://b:2376"));
    assertThat(SwarmOomCheck.parse(null)).isEmpty();
    assertThat(SwarmOomCheck.parse(" ")).isEmpty();
  }

  @Test
  void aPairWithoutHostIsBadInputNamingTheVariable() {
    assertThatThrownBy(() -> SwarmOomCheck.parse("a=unix:///a.sock,b="))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("CFN_SWARM_NODE_ENGINES")
        .hasMessageContaining("'b='");
  }
}
