package dev.cfnwave.it.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The private registry of scripts/ensure-registry.sh (TLS from a test CA, a password) as the tests
 * see it: its addresses and credentials from the CFN_TEST_REGISTRY* variables, DOCKER_CONFIG
 * folders that log in to it, its HTTP API, and images pushed for one test ({@link #push}).
 */
public final class TestRegistry {

  /** cfn-wave/busybox:latest, pushed there by scripts/test.sh: {@code reference(BUSYBOX)}. */
  public static final String BUSYBOX = "cfn-test/busybox:1";

  /** cfn-wave/test-agent:latest, pushed there by scripts/test.sh. */
  public static final String TEST_AGENT = "cfn-test/test-agent:1";

  static final String VARIABLE = "CFN_TEST_REGISTRY";

  /** The manifest types Docker 20.10 to 26 push, for a HEAD that returns the digest. */
  private static final String MANIFEST_TYPES =
      "application/vnd.docker.distribution.manifest.v2+json,"
          + " application/vnd.oci.image.manifest.v1+json,"
          + " application/vnd.docker.distribution.manifest.list.v2+json,"
          + " application/vnd.oci.image.index.v1+json";

  private static final Duration REQUEST_DEADLINE = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String host;
  private final String rigHost;
  private final String user;
  private final String password;
  private final Path ca;
  private final HttpClient http;

  private TestRegistry(String host, String rigHost, String user, String password, Path ca) {
    this.host = host;
    this.rigHost = rigHost;
    this.user = user;
    this.password = password;
    this.ca = ca;
    this.http =
        HttpClient.newBuilder()
            .sslContext(trusting(ca))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /**
   * The registry the test command brought up.
   *
   * @throws IllegalStateException when CFN_TEST_REGISTRY is not set: the tests fail, never skip,
   *     for CI must bring the registry up
   */
  public static TestRegistry fromEnvironment() {
    return from(System.getenv());
  }

  static TestRegistry from(Map<String, String> environment) {
    return new TestRegistry(
        required(environment, VARIABLE),
        required(environment, VARIABLE + "_RIG"),
        required(environment, VARIABLE + "_USER"),
        required(environment, VARIABLE + "_PASSWORD"),
        Path.of(required(environment, VARIABLE + "_CA")));
  }

  private static String required(Map<String, String> environment, String name) {
    String value = environment.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          name
              + " is not set: this test needs the test registry. scripts/test.sh brings it up (as"
              + " root); by hand: scripts/ensure-registry.sh up, then export the lines that"
              + " scripts/ensure-registry.sh env prints");
    }
    return value;
  }

  /** host:port as the host engine reaches it (127.0.0.1:5000). */
  public String host() {
    return host;
  }

  /** host:port as the Swarm rig's workers reach it (10.213.1.1:5000), while the rig is up. */
  public String rigHost() {
    return rigHost;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /** The test CA's certificate (PEM), which the engines trust through /etc/docker/certs.d. */
  public Path ca() {
    return ca;
  }

  /** {@code host()/repositoryAndTag}, e.g. {@code reference(BUSYBOX)}. */
  public String reference(String repositoryAndTag) {
    return host + "/" + repositoryAndTag;
  }

  /** {@code rigHost()/repositoryAndTag}. */
  public String rigReference(String repositoryAndTag) {
    return rigHost + "/" + repositoryAndTag;
  }

  /** base64(user:password), as {@code docker login} writes it into config.json. */
  public String auth() {
    return Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** A new DOCKER_CONFIG folder under {@code temp} with the {@code auths} of a login to both. */
  public Path dockerConfig(Path temp) {
    ObjectNode config = JSON.createObjectNode();
    ObjectNode auths = config.putObject("auths");
    auths.putObject(host).put("auth", auth());
    auths.putObject(rigHost).put("auth", auth());
    return write(temp, config);
  }

  /**
   * A new DOCKER_CONFIG folder whose {@code credsStore} is the test helper (see {@link #helper}).
   */
  public Path dockerConfigWithCredsStore(Path temp) {
    ObjectNode config = JSON.createObjectNode();
    config.put("credsStore", CredentialHelper.NAME);
    return write(temp, config);
  }

  /**
   * A new DOCKER_CONFIG folder whose {@code credHelpers} send both addresses to the test helper.
   */
  public Path dockerConfigWithCredHelpers(Path temp) {
    ObjectNode config = JSON.createObjectNode();
    ObjectNode helpers = config.putObject("credHelpers");
    helpers.put(host, CredentialHelper.NAME);
    helpers.put(rigHost, CredentialHelper.NAME);
    return write(temp, config);
  }

  /** A new DOCKER_CONFIG folder with no credentials at all. */
  public Path anonymousDockerConfig(Path temp) {
    return write(temp, JSON.createObjectNode());
  }

  /** The test credential helper installed under {@code temp}, answering for both addresses. */
  public CredentialHelper helper(Path temp) {
    var helper = CredentialHelper.install(temp);
    helper.store(host, user, password);
    helper.store(rigHost, user, password);
    return helper;
  }

  private static Path write(Path temp, ObjectNode config) {
    try {
      Path folder = Files.createTempDirectory(temp, "docker-config-");
      Files.writeString(
          folder.resolve("config.json"),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Pushes {@code localImage} to a repository of its own, {@code cfn-test/it-NAME-RANDOM:1}, and
   * removes the local tag again, so that a test's pull really pulls. Close what it returns.
   */
  public PushedImage push(String localImage, Path temp) {
    String name = localImage.replaceAll("[:@].*$", "").replaceAll("^.*/", "");
    String repository =
        "cfn-test/it-"
            + name
            + "-"
            + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    String reference = reference(repository + ":1");
    var config = Map.of("DOCKER_CONFIG", dockerConfig(temp).toString());
    try {
      DockerCli.docker(Map.of(), "tag", localImage, reference).orThrow();
      DockerCli.docker(config, "push", "-q", reference).orThrow();
    } finally {
      DockerCli.docker(Map.of(), "image", "rm", reference);
    }
    return new PushedImage(this, repository, "1", manifestDigest(repository, "1"));
  }

  /**
   * Pushes a local image under an image pushed before (its tag moves to it) and returns the new
   * digest; the image it replaced stays retrievable by its digest.
   */
  public String pushAs(String localImage, PushedImage target, Path temp) {
    var config = Map.of("DOCKER_CONFIG", dockerConfig(temp).toString());
    String reference = target.reference();
    String kept = reference + "-kept-" + Long.toHexString(System.nanoTime());
    try {
      // A pulled copy of the target holds its name: move it aside, then put it back.
      if (presentLocally(reference)) {
        DockerCli.docker(Map.of(), "tag", reference, kept).orThrow();
      }
      DockerCli.docker(Map.of(), "tag", localImage, reference).orThrow();
      DockerCli.docker(config, "push", "-q", reference).orThrow();
    } finally {
      DockerCli.docker(Map.of(), "image", "rm", reference);
      if (presentLocally(kept)) {
        DockerCli.docker(Map.of(), "tag", kept, reference).orThrow();
        DockerCli.docker(Map.of(), "image", "rm", kept);
      }
    }
    return manifestDigest(target.repository(), target.tag());
  }

  /** GET or HEAD {@code https://HOST/v2/PATH}, over TLS checked against the CA. */
  public HttpResponse<String> api(String method, String path, boolean withCredentials) {
    var request =
        HttpRequest.newBuilder(URI.create("https://" + host + "/v2/" + path))
            .timeout(REQUEST_DEADLINE)
            .header("Accept", MANIFEST_TYPES)
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (withCredentials) {
      request.header("Authorization", "Basic " + auth());
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " on the test registry", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " " + path + ": interrupted", e);
    }
  }

  /** The digest of {@code repository:tag}'s manifest. */
  public String manifestDigest(String repository, String tag) {
    var response = api("HEAD", repository + "/manifests/" + tag, true);
    return response
        .headers()
        .firstValue("Docker-Content-Digest")
        .filter(digest -> response.statusCode() == 200)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no manifest for "
                        + repository
                        + ":"
                        + tag
                        + " ("
                        + response.statusCode()
                        + ")"));
  }

  /** Removes images from the engine by reference; one that is not there is fine. */
  public static void removeLocal(String... references) {
    for (String reference : references) {
      var removal = DockerCli.docker(Map.of(), "image", "rm", reference);
      if (!removal.ok() && !removal.err().contains("No such image")) {
        removal.orThrow();
      }
    }
  }

  /** Whether the engine has an image by that reference. */
  public static boolean presentLocally(String reference) {
    return DockerCli.docker(Map.of(), "image", "inspect", reference).ok();
  }

  private static SSLContext trusting(Path ca) {
    try (var pem = Files.newInputStream(ca)) {
      var trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry(
          "cfn-test-registry", CertificateFactory.getInstance("X.509").generateCertificate(pem));
      var managers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      managers.init(trust);
      var context = SSLContext.getInstance("TLS");
      context.init(null, managers.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException("the test registry's CA " + ca, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the test registry's CA " + ca + ": " + e.getMessage(), e);
    }
  }
}
