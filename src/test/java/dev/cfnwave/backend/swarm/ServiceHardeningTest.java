package dev.cfnwave.backend.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ServiceHardeningTest {

  private final ObjectMapper mapper = new ObjectMapper();

  private JsonNode nodes(String... hostAndVersion) {
    var nodes = mapper.createArrayNode();
    for (int i = 0; i < hostAndVersion.length; i += 2) {
      var node = nodes.addObject().put("ID", "id" + i);
      var description = node.putObject("Description");
      description.put("Hostname", hostAndVersion[i]);
      description.putObject("Engine").put("EngineVersion", hostAndVersion[i + 1]);
    }
    return nodes;
  }

  @Test
  void aManagerFromApi144OnSetsNoNewPrivileges() {
    assertThat(new ServiceHardening("1.44").noNewPrivileges()).isTrue();
    assertThat(new ServiceHardening("1.45").noNewPrivileges()).isTrue();
    assertThat(new ServiceHardening("2.0").noNewPrivileges()).isTrue();
    assertThat(new ServiceHardening("1.43").noNewPrivileges()).isFalse();
    assertThat(new ServiceHardening("1.41").noNewPrivileges()).isFalse();
    assertThat(new ServiceHardening("garbage").noNewPrivileges()).isFalse();
  }

  @Test
  void anOlderManagerIsNamedWithItsApiInTheWarning() {
    String warning = new ServiceHardening("1.41").warning(nodes("m", "20.10.24"));

    assertThat(warning)
        .startsWith("the swarm backend cannot set no-new-privileges (the manager's API 1.41")
        .contains("memory+swap")
        .endsWith("attempts run without them");
  }

  @Test
  void aCurrentSwarmWarnsOnlyOfSwap() {
    String warning =
        new ServiceHardening("1.45").warning(nodes("m", "26.1.5+dfsg1", "w", "27.0.1"));

    assertThat(warning).doesNotContain("no-new-privileges").contains("memory+swap");
  }

  @Test
  void olderWorkersUnderACurrentManagerAreNamed() {
    String warning =
        new ServiceHardening("1.45")
            .warning(nodes("m", "26.1.5+dfsg1", "w1", "20.10.24", "w2", "24.0.7"));

    assertThat(warning)
        .contains("no-new-privileges on nodes w1 (Docker 20.10.24), w2 (Docker 24.0.7)")
        .doesNotContain("m (Docker");
  }

  @Test
  void versionsCompareByMajorThenMinor() {
    assertThat(ServiceHardening.atLeast("25.0.0", 25, 0)).isTrue();
    assertThat(ServiceHardening.atLeast("24.9", 25, 0)).isFalse();
    assertThat(ServiceHardening.atLeast("26.1.5+dfsg1", 25, 0)).isTrue();
    assertThat(ServiceHardening.atLeast("1.44", 1, 44)).isTrue();
    assertThat(ServiceHardening.atLeast("", 1, 44)).isFalse();
  }
}
