package dev.cfnwave.it.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfnwave.it.support.CredentialHelper;
import dev.cfnwave.it.support.DockerCli;
import dev.cfnwave.it.support.TestRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test registry is real: TLS checked against its CA, a password it insists on, images pushed
 * and pulled through the host engine, and a credential helper the docker CLI really uses.
 */
class RegistryInfrastructureIT {

  private static final String LOCAL_BUSYBOX = "cfn-wave/busybox:latest";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static TestRegistry registry;

  @TempDir Path temp;
  private final List<String> pulled = new ArrayList<>();

  @BeforeAll
  static void registry() {
    registry = TestRegistry.fromEnvironment();
  }

  @AfterEach
  void removePulledImages() {
    TestRegistry.removeLocal(pulled.toArray(String[]::new));
  }

  private DockerCli.Result pull(Path dockerConfig, Map<String, String> more, String reference) {
    pulled.add(reference);
    Map<String, String> environment = new HashMap<>(more);
    environment.put("DOCKER_CONFIG", dockerConfig.toString());
    return DockerCli.docker(environment, "pull", reference);
  }

  private static String imageId(String reference) {
    return DockerCli.docker(Map.of(), "image", "inspect", "--format", "{{.Id}}", reference)
        .orThrow()
        .out()
        .strip();
  }

  @Test
  void registryRefusesAnonymousRequestsAndPulls() {
    var anonymous = registry.api("GET", "", false);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Basic realm="));
    assertThat(registry.api("GET", "", true).statusCode()).isEqualTo(200);

    String reference = registry.reference(TestRegistry.BUSYBOX);
    var pull = pull(registry.anonymousDockerConfig(temp), Map.of(), reference);

    assertThat(pull.exitCode()).isNotZero();
    assertThat(pull.err()).contains("no basic auth credentials");
    assertThat(TestRegistry.presentLocally(reference)).isFalse();
  }

  @Test
  void loginWithTheTestCredentialsIsAcceptedAndAWrongPasswordIsNot() throws IOException {
    Path config = registry.anonymousDockerConfig(temp);
    var environment = Map.of("DOCKER_CONFIG", config.toString());

    var wrong =
        DockerCli.run(
            List.of("docker", "login", "-u", registry.user(), "--password-stdin", registry.host()),
            environment,
            registry.password() + "x\n");
    var login =
        DockerCli.run(
            List.of("docker", "login", "-u", registry.user(), "--password-stdin", registry.host()),
            environment,
            registry.password() + "\n");

    // The engine treats 127.0.0.0/8 as an insecure registry: after the 401 over TLS it tries plain
    // HTTP on the TLS port and reports that attempt's 400, not the 401.
    assertThat(wrong.exitCode()).isNotZero();
    assertThat(wrong.err()).contains("login attempt to").contains(registry.host());
    assertThat(wrong.out()).doesNotContain("Login Succeeded");
    assertThat(login.orThrow().out()).contains("Login Succeeded");
    JsonNode written = JSON.readTree(config.resolve("config.json").toFile());
    assertThat(written.path("auths").path(registry.host()).path("auth").asText())
        .isEqualTo(registry.auth());
    JsonNode ours = JSON.readTree(registry.dockerConfig(temp).resolve("config.json").toFile());
    assertThat(ours.path("auths").path(registry.host()))
        .isEqualTo(written.path("auths").path(registry.host()));
  }

  @Test
  void servesAnImageTestRegistryPushedAndForgetsItWhenClosed() {
    String reference;
    String repository;
    try (var pushed = registry.push(LOCAL_BUSYBOX, temp)) {
      reference = pushed.reference();
      repository = pushed.repository();
      assertThat(TestRegistry.presentLocally(reference)).isFalse();

      pull(registry.dockerConfig(temp), Map.of(), reference).orThrow();

      assertThat(imageId(reference)).isEqualTo(imageId(LOCAL_BUSYBOX));
      assertThat(registry.manifestDigest(repository, pushed.tag())).isEqualTo(pushed.digest());
    }
    assertThat(TestRegistry.presentLocally(reference)).isFalse();
    assertThat(registry.api("HEAD", repository + "/manifests/1", true).statusCode()).isEqualTo(404);
    assertThat(TestRegistry.presentLocally(LOCAL_BUSYBOX)).isTrue();
  }

  @Test
  void credentialHelperAnswersGetForTheRegistryPerTheProtocol() throws IOException {
    CredentialHelper helper = registry.helper(temp);

    var found = helper.call("get", registry.host());
    var unknown = helper.call("get", "127.0.0.1:1");

    JsonNode credentials = JSON.readTree(found.orThrow().out());
    assertThat(credentials.path("ServerURL").asText()).isEqualTo(registry.host());
    assertThat(credentials.path("Username").asText()).isEqualTo(registry.user());
    assertThat(credentials.path("Secret").asText()).isEqualTo(registry.password());
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.out().strip()).isEqualTo("credentials not found in native keychain");
  }

  @Test
  void dockerCliPullsWithTheCredentialHelperAsCredsStoreAndAsCredHelper() {
    CredentialHelper helper = registry.helper(temp);
    String reference = registry.reference(TestRegistry.BUSYBOX);

    pull(registry.dockerConfigWithCredsStore(temp), helper.environment(), reference).orThrow();
    TestRegistry.removeLocal(reference);
    pull(registry.dockerConfigWithCredHelpers(temp), helper.environment(), reference).orThrow();

    assertThat(helper.calls()).filteredOn(call -> call.equals("get " + registry.host())).hasSize(2);
    assertThat(imageId(reference)).isEqualTo(imageId(LOCAL_BUSYBOX));
  }
}
