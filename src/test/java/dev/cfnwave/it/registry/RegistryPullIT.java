package dev.cfnwave.it.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.ImagePullException;
import dev.cfnwave.backend.ImagePullException.Reason;
import dev.cfnwave.backend.LocalImage;
import dev.cfnwave.backend.PullProgress;
import dev.cfnwave.backend.RemoteImage;
import dev.cfnwave.backend.open.Backends;
import dev.cfnwave.it.support.CredentialHelper;
import dev.cfnwave.it.support.DockerCli;
import dev.cfnwave.it.support.PushedImage;
import dev.cfnwave.it.support.TestRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker backend pulls from the test registry (TLS, a password) with the credentials a user's
 * docker configuration holds, as the docker CLI finds them: config.json's auths, a credential
 * helper as credsStore and as credHelpers. Absent or wrong credentials and a missing tag end in one
 * sentence with its reason, naming where the credentials came from and never what they are. Each
 * test pushes an image to a repository of its own and deletes it, with what it pulled, afterwards.
 *
 * <p>The engine treats a registry on 127.0.0.0/8 as insecure: a registry lookup (/distribution)
 * that the registry refuses over TLS is tried again in plain HTTP on the TLS port, and the engine
 * answers with that attempt's failure ("Client sent an HTTP request to an HTTPS server",
 * "connection reset by peer"), not the registry's. The lookup is then empty; the pull, which does
 * not fall back once the registry answered, says why. SwarmPrivateImageIT shows the lookup's
 * refusals at the rig's address, which is not insecure.
 */
class RegistryPullIT {

  private static final String LOCAL_BUSYBOX = "cfn-wave/busybox:latest";
  private static final Duration PULL_LIMIT = Duration.ofMinutes(2);

  private static TestRegistry registry;

  @TempDir Path temp;
  private PushedImage pushed;
  private final List<String> told = new ArrayList<>();
  private final PullProgress progress =
      (image, layersDone, layersTotal, bytesDone, bytesTotal) ->
          told.add(layersDone + "/" + layersTotal + " " + bytesDone + "/" + bytesTotal);

  @BeforeAll
  static void registry() {
    registry = TestRegistry.fromEnvironment();
  }

  @BeforeEach
  void pushAnImageOfItsOwn() {
    pushed = registry.push(LOCAL_BUSYBOX, temp);
  }

  @AfterEach
  void deleteItAndWhatWasPulled() {
    if (pushed != null) {
      pushed.close();
    }
  }

  private static Backend docker(Path dockerConfig, Map<String, String> more) {
    Map<String, String> environment = new HashMap<>(more);
    environment.put("DOCKER_CONFIG", dockerConfig.toString());
    String host = System.getenv("DOCKER_HOST");
    if (host != null && !host.isBlank()) {
      environment.put("DOCKER_HOST", host);
    }
    return Backends.open("docker", environment, Duration.ofSeconds(60), false);
  }

  @Test
  void pullsAPrivateImageWithTheAuthsADockerLoginWroteAndKnowsItsDigestBefore() throws IOException {
    String unique = uniqueImage();
    PushedImage own;
    try {
      own = registry.push(unique, temp);
    } finally {
      TestRegistry.removeLocal(unique);
    }
    try (own) {
      pullsWithProgressAndTheDigestTheRegistrySaid(own);
    }
  }

  private void pullsWithProgressAndTheDigestTheRegistrySaid(PushedImage own) {
    String reference = own.reference();
    try (Backend backend = docker(registry.dockerConfig(temp), Map.of())) {
      assertThat(backend.localImage(reference)).isEmpty();
      RemoteImage remote = backend.remoteImage(reference).orElseThrow();

      backend.pull(reference, PULL_LIMIT, progress);

      LocalImage local = backend.localImage(reference).orElseThrow();
      String repoDigest = registry.reference(own.repository()) + "@" + own.digest();
      assertThat(remote.digest()).isEqualTo(own.digest());
      assertThat(local.repoDigests()).contains(repoDigest);
      assertThat(remote.sizeBytes()).isPositive();
      assertThat(told).as("progress of the one new layer").contains("0/1 0/0");
      assertThat(told.getLast()).matches("1/1 (\\d+)/\\1").isNotEqualTo("1/1 0/0");
      assertThat(told).anyMatch(line -> line.matches("0/1 [1-9]\\d*/[1-9]\\d*"));
    }
  }

  /**
   * An image made here of one layer no other image has (2 MB of random bytes), so that its pull
   * downloads it: an image pushed from a test image would find all its layers there already.
   */
  private String uniqueImage() throws IOException {
    Path root = Files.createDirectories(temp.resolve("unique-root"));
    byte[] noise = new byte[2 << 20];
    ThreadLocalRandom.current().nextBytes(noise);
    Files.write(root.resolve("noise.bin"), noise);
    Path tar = temp.resolve("unique.tar");
    DockerCli.run(List.of("tar", "-C", root.toString(), "-cf", tar.toString(), "."), Map.of(), null)
        .orThrow();
    String image =
        "cfn-it/unique-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ":1";
    DockerCli.docker(Map.of(), "import", tar.toString(), image).orThrow();
    return image;
  }

  @Test
  void pullsWithACredentialHelperAsCredsStoreAndAsCredHelpersAskingItOncePerRegistry() {
    CredentialHelper helper = registry.helper(temp);
    String reference = pushed.reference();
    try (Backend backend =
        docker(registry.dockerConfigWithCredsStore(temp), helper.environment())) {
      assertThat(backend.remoteImage(reference)).isPresent();
      backend.pull(reference, PULL_LIMIT, progress);
      assertThat(backend.localImage(reference)).isPresent();
    }
    assertThat(helper.calls()).containsExactly("get " + registry.host());

    TestRegistry.removeLocal(reference);
    try (Backend backend =
        docker(registry.dockerConfigWithCredHelpers(temp), helper.environment())) {
      backend.pull(reference, PULL_LIMIT, PullProgress.NONE);
      assertThat(backend.localImage(reference)).isPresent();
    }
    assertThat(helper.calls()).containsExactly("get " + registry.host(), "get " + registry.host());
  }

  @Test
  void noCredentialsIsUnauthorizedSayingWhereNoneWereFound() {
    Path config = registry.anonymousDockerConfig(temp);
    String expected =
        "registry "
            + registry.host()
            + " needs credentials for "
            + pushed.repository()
            + ":1 and none were found in "
            + config.resolve("config.json");
    try (Backend backend = docker(config, Map.of())) {
      assertThat(backend.remoteImage(pushed.reference())).as("loopback: see above").isEmpty();
      assertRefused(() -> backend.pull(pushed.reference(), PULL_LIMIT, progress), expected);
      assertThat(backend.localImage(pushed.reference())).isEmpty();
    }
  }

  @Test
  void aWrongPasswordIsRefusedNamingItsSourceNotItsValue() throws IOException {
    String wrong = registry.password() + "-wrong";
    String auth =
        Base64.getEncoder()
            .encodeToString((registry.user() + ":" + wrong).getBytes(StandardCharsets.UTF_8));
    Path config = Files.createDirectories(temp.resolve("wrong-password"));
    Files.writeString(
        config.resolve("config.json"),
        "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");
    String expected =
        "registry "
            + registry.host()
            + " refused the credentials from auths in "
            + config.resolve("config.json")
            + " for "
            + pushed.repository()
            + ":1";
    try (Backend backend = docker(config, Map.of())) {
      assertThat(backend.remoteImage(pushed.reference())).as("loopback: see above").isEmpty();
      assertRefused(() -> backend.pull(pushed.reference(), PULL_LIMIT, progress), expected);
    }
  }

  @Test
  void aMissingTagIsNotFound() {
    String reference = registry.reference(pushed.repository() + ":nosuch");
    String expected = "no tag nosuch of " + pushed.repository() + " in registry " + registry.host();
    try (Backend backend = docker(registry.dockerConfig(temp), Map.of())) {
      assertThat(backend.remoteImage(reference)).as("loopback: see above").isEmpty();
      assertThatThrownBy(() -> backend.pull(reference, PULL_LIMIT, progress))
          .isInstanceOfSatisfying(ImagePullException.class, e -> notFound(e, expected));
    }
  }

  private static void notFound(ImagePullException e, String expected) {
    assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
    assertThat(e.getMessage()).isEqualTo(expected);
  }

  private void assertRefused(Runnable call, String expected) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ImagePullException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
              assertThat(e.getMessage()).isEqualTo(expected);
              assertThat(e.toString()).doesNotContain(registry.password(), registry.auth());
              assertThat(e.getCause()).isNull();
            });
    assertThat(told).isEmpty();
  }
}
