package dev.cfnwave.backend.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwarmConstraintsTest {

  private static final JsonNode WORKER;

  static {
    try {
      WORKER =
          new ObjectMapper()
              .readTree(
                  ("{'ID':'abc123','Spec':{'Role':'worker','Labels':{'disk':'ssd'}},"
                          + "'Description':{'Hostname':'cfn-rig-w1',"
                          + "'Platform':{'OS':'linux','Architecture':'x86_64'},"
                          + "'Engine':{'Labels':{'zone':'eu-1'}}}}")
                      .replace('\'', '"'));
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static boolean allow(String... constraints) {
    return SwarmConstraints.allow(WORKER, List.of(constraints));
  }

  @Test
  void everyAttributeSwarmMatchesIsMatchedIgnoringCase() {
    assertThat(allow()).isTrue();
    assertThat(allow("node.hostname==CFN-RIG-W1", "node.role==worker", "node.id==abc123")).isTrue();
    assertThat(allow("node.labels.disk==ssd", "engine.labels.zone==eu-1")).isTrue();
    assertThat(allow("node.platform.os==linux", "node.platform.arch==amd64")).isTrue();
    assertThat(allow("node.role!=manager", "node.hostname!=cfn-rig-w2")).isTrue();
  }

  @Test
  void oneUnsatisfiedConstraintExcludesTheNodeAndAMissingLabelIsEmpty() {
    assertThat(allow("node.role==worker", "node.hostname==cfn-rig-w2")).isFalse();
    assertThat(allow("node.hostname!=cfn-rig-w1")).isFalse();
    assertThat(allow("node.labels.gpu==yes")).isFalse();
    assertThat(allow("node.labels.gpu!=yes")).isTrue();
    assertThat(allow("node.labels.Disk==ssd")).isFalse();
  }
}
