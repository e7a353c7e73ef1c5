package dev.cfnwave.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.backend.AddressPoolRoom;
import dev.cfnwave.backend.memory.InMemoryBackend;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doctor's checks of networks and disk, against the in-memory engine. */
class NetworkChecksTest {

  private static final String POOLS = "172.17.0.0/16 to 172.31.0.0/16 by /16";
  private final InMemoryBackend backend = new InMemoryBackend();

  @AfterEach
  void close() {
    backend.close();
  }

  @Test
  void fewerFreeSubnetsThanNetworksToCreateWarns() {
    backend.engine().addressPools(new AddressPoolRoom(1, 31, true, POOLS));
    backend.engine().withoutNetwork("net-2");
    backend.engine().withoutNetwork("net-3");

    CheckResult result =
        new AddressPoolsCheck(backend, List.of("net", "net-2", "net-3")).run().get(0);

    assertThat(result.verdict()).isEqualTo(Verdict.WARN);
    assertThat(result.figure())
        .startsWith("room for 1 more network")
        .contains("the run creates 2")
        .contains("derived from Docker's built-in pools");
    assertThat(result.fix()).contains("default-address-pools");
  }

  @Test
  void enoughFreeSubnetsIsFine() {
    backend.engine().addressPools(new AddressPoolRoom(29, 31, false, "10.10.0.0/16 by /24"));
    backend.engine().withoutNetwork("net-2");

    CheckResult result = new AddressPoolsCheck(backend, List.of("net", "net-2")).run().get(0);

    assertThat(result.verdict()).isEqualTo(Verdict.OK);
    assertThat(result.figure()).contains("the engine's pools: 10.10.0.0/16 by /24");
  }

  @Test
  void aNetworkNotThereYetIsOneTheRunCreates() {
    backend.engine().withoutNetwork("net-2");
    backend.engine().limitNetwork("net", 10);

    List<CheckResult> results = new NetworkCheck(backend, List.of("net", "net-2"), 12).run();

    assertThat(results.get(0).figure()).contains("0/10 endpoints in use");
    assertThat(results.get(0).verdict()).isEqualTo(Verdict.OK); // 6 of 12 on each network
    assertThat(results.get(1).figure()).startsWith("not there yet");
  }

  @Test
  void theDataRootIsMeasuredWhenOnThisHost(@TempDir Path root) {
    backend.engine().dataRoot(root);

    CheckResult result = new DataRootCheck(backend).run().get(0);

    assertThat(result.check()).isEqualTo("disk (engine data root)");
    assertThat(result.figure()).endsWith("free under " + root);
  }

  @Test
  void aDataRootNotOnThisHostIsNotMeasured(@TempDir Path parent) {
    backend.engine().dataRoot(parent.resolve("in-a-vm"));

    CheckResult result = new DataRootCheck(backend).run().get(0);

    assertThat(result.verdict()).isEqualTo(Verdict.OK);
    assertThat(result.figure()).contains("is not on this host's disk");
  }

  @Test
  void anEngineThatDoesNotSayItsDataRootIsNotMeasured() {
    assertThat(new DataRootCheck(backend).run().get(0).figure()).startsWith("not measured");
  }
}
