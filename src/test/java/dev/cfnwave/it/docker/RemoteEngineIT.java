package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.it.support.DockerTestSupport;
import dev.cfnwave.it.support.TlsDockerd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * cfn-wave against a remote engine: a second dockerd with --tlsverify on tcp://127.0.0.1, reached
 * through DOCKER_HOST with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, and through a docker CLI
 * context; and the clear errors of a client that cannot talk to it.
 */
class RemoteEngineIT extends DockerTestSupport {

  private static TlsDockerd dockerd;

  @BeforeAll
  static void startTlsEngine() throws Exception {
    dockerd = TlsDockerd.start();
    dockerd.loadImage(AGENT_IMAGE);
  }

  @AfterAll
  static void stopTlsEngine() {
    if (dockerd != null) {
      dockerd.close();
    }
  }

  @BeforeEach
  void onlyTheTlsEnginesNetwork() {
    environment.put("CFN_DOCKER_NETWORK", "none");
  }

  @AfterEach
  void removeWhatTheTestCreatedOnTheTlsEngine() throws Exception {
    for (String id : containersOnTlsEngine()) {
      dockerd.docker("rm", "-f", id);
    }
  }

  @Test
  void spawnMonitorAndCleanupOverTlsFromEnvironmentVariables() throws Exception {
    environment.put("DOCKER_HOST", dockerd.tcpHost());
    environment.put("DOCKER_TLS_VERIFY", "1");
    environment.put("DOCKER_CERT_PATH", dockerd.certificates.client().toString());
    var plan = plan(planJson("t", wave(1, batch("ok", 1, "echo done"), batch("bad", 1, "exit 3"))));

    CliRun spawned = spawn(plan, 1);

    assertThat(spawned.exitCode()).as(spawned.err()).isZero();
    assertThat(containersOnTlsEngine()).hasSize(2);
    assertThat(containersOfThisRun()).as("nothing on the host engine").isEmpty();

    CliRun monitored = monitor(1);

    assertThat(monitored.exitCode()).as(monitored.err()).isEqualTo(1);
    assertThat(MonitorIT.byBatch(monitored.json(), "ok").get("exit_code").asLong()).isZero();
    assertThat(MonitorIT.byBatch(monitored.json(), "bad").get("exit_code").asLong()).isEqualTo(3);

    CliRun cleaned = cleanup();

    assertThat(cleaned.exitCode()).as(cleaned.err()).isZero();
    assertThat(cleaned.json().get("containers_removed").asInt()).isEqualTo(2);
    assertThat(containersOnTlsEngine()).isEmpty();
  }

  @Test
  void dockerContextReachesTheTlsEngine() throws Exception {
    Path config = createContext("tls-remote");
    environment.put("DOCKER_CONFIG", config.toString());
    environment.put("DOCKER_CONTEXT", "tls-remote");
    var plan = plan(planJson("t", wave(1, batch("ok", 1, "echo done"))));

    CliRun spawned = spawn(plan, 1);

    assertThat(spawned.exitCode()).as(spawned.err()).isZero();
    assertThat(containersOnTlsEngine()).hasSize(1);
    assertThat(containersOfThisRun()).as("nothing on the host engine").isEmpty();
    CliRun monitored = monitor(1);
    assertThat(monitored.exitCode()).as(monitored.err()).isZero();
    CliRun cleaned = cleanup();
    assertThat(cleaned.exitCode()).as(cleaned.err()).isZero();
    assertThat(containersOnTlsEngine()).isEmpty();
  }

  @Test
  void currentContextOfTheConfigIsUsedWhenNoVariableNamesOne() throws Exception {
    Path config = createContext("tls-current");
    TlsDockerd.run(
        List.of("docker", "--config", config.toString(), "context", "use", "tls-current"));
    environment.put("DOCKER_CONFIG", config.toString());
    var plan = plan(planJson("t", wave(1, batch("ok", 1, "echo done"))));

    CliRun spawned = spawn(plan, 1);

    assertThat(spawned.exitCode()).as(spawned.err()).isZero();
    assertThat(containersOnTlsEngine()).hasSize(1);
    assertThat(cleanup().exitCode()).isZero();
    assertThat(containersOnTlsEngine()).isEmpty();
  }

  @Test
  void clientWithoutCertificateGetsOneLineAndExit2() throws Exception {
    Path caOnly = Files.createDirectories(temp.resolve("ca-only"));
    Files.copy(dockerd.certificates.client().resolve("ca.pem"), caOnly.resolve("ca.pem"));
    environment.put("DOCKER_HOST", dockerd.tcpHost());
    environment.put("DOCKER_TLS_VERIFY", "1");
    environment.put("DOCKER_CERT_PATH", caOnly.toString());

    CliRun run = spawn(plan(planJson("t", wave(1, batch("ok", 1, "true")))), 1);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(oneErrorLine(run))
        .contains("TLS with the engine at " + dockerd.tcpHost() + " failed")
        .contains("DOCKER_CERT_PATH=" + caOnly + " has no cert.pem and key.pem");
    assertThat(containersOnTlsEngine()).isEmpty();
  }

  @Test
  void plainHttpToTheTlsPortGetsOneLineAndExit2() throws Exception {
    environment.put("DOCKER_HOST", dockerd.tcpHost());

    CliRun run = spawn(plan(planJson("t", wave(1, batch("ok", 1, "true")))), 1);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(oneErrorLine(run))
        .contains("the engine at " + dockerd.tcpHost() + " wants TLS")
        .contains("DOCKER_TLS_VERIFY=1");
    assertThat(containersOnTlsEngine()).isEmpty();
  }

  @Test
  void missingKeyFileIsOneLineNamingItAndExit2() throws Exception {
    Path noKey = Files.createDirectories(temp.resolve("no-key"));
    for (String file : List.of("ca.pem", "cert.pem")) {
      Files.copy(dockerd.certificates.client().resolve(file), noKey.resolve(file));
    }
    environment.put("DOCKER_HOST", dockerd.tcpHost());
    environment.put("DOCKER_TLS_VERIFY", "1");
    environment.put("DOCKER_CERT_PATH", noKey.toString());

    CliRun run = spawn(plan(planJson("t", wave(1, batch("ok", 1, "true")))), 1);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(oneErrorLine(run))
        .contains(
            "DOCKER_CERT_PATH=" + noKey + ": " + noKey.resolve("key.pem") + " does not exist");
    assertThat(containersOnTlsEngine()).isEmpty();
  }

  @Test
  void unknownContextIsOneLineNamingItAndExit2() throws Exception {
    environment.put("DOCKER_CONFIG", Files.createDirectories(temp.resolve("cfg")).toString());
    environment.put("DOCKER_CONTEXT", "nowhere");

    CliRun run = spawn(plan(planJson("t", wave(1, batch("ok", 1, "true")))), 1);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(oneErrorLine(run)).contains("DOCKER_CONTEXT=nowhere: no such Docker context");
    assertThat(containersOfThisRun()).isEmpty();
  }

  /** A config folder with a context made by the docker CLI for the TLS engine. */
  private Path createContext(String name) throws Exception {
    Path config = Files.createDirectories(temp.resolve("docker-config-" + name));
    Path client = dockerd.certificates.client();
    TlsDockerd.run(
        List.of(
            "docker",
            "--config",
            config.toString(),
            "context",
            "create",
            name,
            "--docker",
            "host="
                + dockerd.tcpHost()
                + ",ca="
                + client.resolve("ca.pem")
                + ",cert="
                + client.resolve("cert.pem")
                + ",key="
                + client.resolve("key.pem")));
    return config;
  }

  private CliRun cleanup() {
    return cfnWave("cleanup", "--wave-number", "1", "--pattern", "*-" + runId);
  }

  private List<String> containersOnTlsEngine() throws Exception {
    return dockerd
        .docker("ps", "-aq", "--filter", "label=" + CfnLabels.RUN_ID + "=" + runId)
        .lines()
        .filter(line -> !line.isBlank())
        .toList();
  }

  /** The command's error, which must be its only error line and come without a stack trace. */
  private static String oneErrorLine(CliRun run) {
    List<String> errors = run.errLines().stream().filter(l -> l.contains("error:")).toList();
    assertThat(errors).as(run.err()).hasSize(1);
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("--stacktrace");
    return errors.get(0);
  }
}
