package dev.cfnwave.backend.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfnwave.backend.EngineException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SwarmNodesTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static final JsonNode NODES =
      json(
          "[{'ID':'m1','Description':{'Hostname':'manager'}},"
              + "{'ID':'w1','Description':{'Hostname':'worker-1'}},"
              + "{'ID':'x1','Description':{'Hostname':'twin'}},"
              + "{'ID':'x2','Description':{'Hostname':'twin'}}]");

  @Test
  void aTaskNamesItsNodesHostnameOrItsIdWhenTheHostnameIsShared() {
    SwarmNodes nodes = new SwarmNodes(() -> NODES);

    assertThat(nodes.nameOf(json("{'NodeID':'w1'}"))).isEqualTo("worker-1");
    assertThat(nodes.nameOf(json("{'NodeID':'x2'}"))).isEqualTo("x2");
    assertThat(nodes.nameOf(json("{'NodeID':''}"))).isNull();
    assertThat(nodes.nameOf(null)).isNull();
  }

  @Test
  void theNodeListIsReadOnceForKnownNodesAndAGoneNodeKeepsItsId() {
    AtomicInteger reads = new AtomicInteger();
    SwarmNodes nodes = counting(reads);

    nodes.nameOf(json("{'NodeID':'m1'}"));
    nodes.nameOf(json("{'NodeID':'w1'}"));
    assertThat(reads).hasValue(1);
    assertThat(nodes.nameOf(json("{'NodeID':'gone'}"))).isEqualTo("gone");
    nodes.nameOf(json("{'NodeID':'gone'}"));
    assertThat(reads).hasValue(2);
  }

  @Test
  void aNodesHostnameAndItsNameComeFromOneReadingOfTheNodeList() {
    AtomicInteger reads = new AtomicInteger();
    SwarmNodes nodes = counting(reads);

    assertThat(nodes.hostname("x2")).as("its own hostname, shared or not").isEqualTo("twin");
    assertThat(nodes.nameOf(json("{'NodeID':'x2'}"))).isEqualTo("x2");
    assertThat(nodes.hostname("w1")).isEqualTo("worker-1");
    assertThat(reads).hasValue(1);
    assertThat(nodes.hostname("gone")).isNull();
    assertThat(nodes.hostname("gone")).isNull();
    assertThat(reads).as("a gone node is looked for once").hasValue(2);
  }

  @Test
  void aHostnameTheManagerCannotSayIsUnknownNotAFailure() {
    SwarmNodes nodes =
        new SwarmNodes(
            () -> {
              throw new EngineException("list nodes: engine answered 503: not a manager");
            });

    assertThat(nodes.hostname("w1")).isNull();
  }

  /** Nodes whose list counts how often it is read. */
  private static SwarmNodes counting(AtomicInteger reads) {
    return new SwarmNodes(
        () -> {
          reads.incrementAndGet();
          return NODES;
        });
  }
}
