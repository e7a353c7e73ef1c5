package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.backend.ImagePullException;
import dev.cfnwave.backend.ImagePullException.Reason;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/**
 * The engines' own words, as Docker 26.1.5, Docker 20.10.24 and Podman 4.3.1 answered a pull or a
 * /distribution lookup against Debian's docker-registry 2.8 on loopback (htpasswd auth), a fake
 * registry answering 429, one over TLS with a CA the engine lacks and one over plain HTTP on a
 * non-loopback address, and an engine whose disk filled up.
 */
class PullFailuresTest {

  private static final ImageReference SMALL = ImageReference.parse("127.0.0.1:5055/team/small:1");
  private static final RegistryAuth FROM_FILE =
      new RegistryAuth(
          "127.0.0.1:5055", "team", "secret-pw", null, "auths in /root/.docker/config.json");
  private static final RegistryAuth NONE =
      RegistryAuth.anonymous("127.0.0.1:5055", "/root/.docker/config.json");

  private static ImagePullException classify(String message, int status, RegistryAuth auth) {
    return PullFailures.classify(message, status, null, SMALL, auth);
  }

  @Test
  void noCredentialsSaysWhereNoneWereFound() {
    // Docker 26 and 20.10, pull and lookup: HTTP 500.
    ImagePullException e =
        classify(
            "Head \"http://127.0.0.1:5055/v2/team/small/manifests/1\": no basic auth credentials",
            500,
            NONE);
    assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
    assertThat(e.getMessage())
        .isEqualTo(
            "registry 127.0.0.1:5055 needs credentials for team/small:1 and none were found in"
                + " /root/.docker/config.json");
  }

  @Test
  void refusedCredentialsNameTheirSourceNotTheirValue() {
    // Docker 26 and 20.10: pull HTTP 500, lookup HTTP 401.
    for (int status : new int[] {500, 401}) {
      ImagePullException e = classify("unauthorized: authentication required", status, FROM_FILE);
      assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
      assertThat(e.getMessage())
          .isEqualTo(
              "registry 127.0.0.1:5055 refused the credentials from auths in"
                  + " /root/.docker/config.json for team/small:1")
          .doesNotContain("secret-pw", "team:");
    }
  }

  @Test
  void podmansUnauthorizedComesInTheStream() {
    ImagePullException e =
        classify(
            "initializing source docker://127.0.0.1:5055/team/small:1: reading manifest 1 in"
                + " 127.0.0.1:5055/team/small: unauthorized: authentication required",
            0,
            NONE);
    assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
  }

  @Test
  void deniedAccessMayAlsoMeanNoSuchRepository() {
    ImagePullException e =
        classify(
            "pull access denied for team/small, repository does not exist or may require 'docker"
                + " login': denied: requested access to the resource is denied",
            404,
            NONE);
    assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
    assertThat(e.getMessage()).endsWith(", or it has no such repository");
  }

  @Test
  void aMissingTagOrDigestIsNotFound() {
    // Docker 26 and 20.10 pull (404), Docker lookup (404), Podman in the stream.
    ImageReference noTag = ImageReference.parse("127.0.0.1:5055/team/small:nosuch");
    for (String message :
        new String[] {
          "manifest for 127.0.0.1:5055/team/small:nosuch not found: manifest unknown: manifest"
              + " unknown",
          "manifest unknown: manifest unknown",
          "initializing source docker://127.0.0.1:5055/team/small:nosuch: reading manifest nosuch"
              + " in 127.0.0.1:5055/team/small: manifest unknown: manifest unknown"
        }) {
      ImagePullException e = PullFailures.classify(message, 404, null, noTag, FROM_FILE);
      assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
      assertThat(e.getMessage())
          .isEqualTo("no tag nosuch of team/small in registry 127.0.0.1:5055");
    }
    String digest = "sha256:" + "0".repeat(64);
    ImagePullException byDigest =
        PullFailures.classify(
            "manifest for 127.0.0.1:5055/team/small@" + digest + " not found: manifest unknown",
            404,
            null,
            ImageReference.parse("127.0.0.1:5055/team/small@" + digest),
            FROM_FILE);
    assertThat(byDigest.getMessage())
        .isEqualTo("no digest " + digest + " of team/small in registry 127.0.0.1:5055");
    assertThat(
            classify("name unknown: repository name not known to registry", 404, FROM_FILE)
                .getMessage())
        .isEqualTo("no repository team/small in registry 127.0.0.1:5055");
  }

  @Test
  void aRefusedConnectionIsUnreachable() {
    ImagePullException e =
        classify(
            "Get \"http://127.0.0.1:5999/v2/\": dial tcp 127.0.0.1:5999: connect: connection"
                + " refused",
            500,
            NONE);
    assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
    assertThat(e.getMessage()).contains("refused the connection").doesNotContain("Get \"");
  }

  @Test
  void anUnknownCaSaysWhereTheEngineWantsIt() {
    for (String message :
        new String[] {
          // Docker 26
          "Get \"https://10.250.77.2:5057/v2/\": tls: failed to verify certificate: x509:"
              + " certificate signed by unknown authority",
          // Docker 20.10, and Podman's ending
          "Get \"https://10.250.77.2:5057/v2/\": x509: certificate signed by unknown authority"
        }) {
      ImagePullException e =
          PullFailures.classify(
              message, 500, null, ImageReference.parse("10.250.77.2:5057/team/small:1"), NONE);
      assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
      assertThat(e.getMessage())
          .contains("(x509: certificate signed by unknown authority)")
          .contains("/etc/docker/certs.d/10.250.77.2:5057/ca.crt");
    }
  }

  @Test
  void plainHttpWhereTheEngineWantsTlsIsSaid() {
    for (String message :
        new String[] {
          "Get \"https://10.250.77.2:5058/v2/\": http: server gave HTTP response to HTTPS client",
          "initializing source docker://127.0.0.1:5059/team/small:1: pinging container registry"
              + " 127.0.0.1:5059: Get \"https://127.0.0.1:5059/v2/\": tls: first record does not"
              + " look like a TLS handshake"
        }) {
      ImagePullException e = classify(message, 500, NONE);
      assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
      assertThat(e.getMessage()).contains("plain HTTP", "insecure registries");
    }
  }

  @Test
  void anUnresolvableNameIsDns() {
    ImagePullException e =
        classify(
            "Get \"https://registry.invalid/v2/\": dial tcp: lookup registry.invalid on"
                + " 10.255.255.53:53: no such host",
            500,
            NONE);
    assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
    assertThat(e.getMessage()).contains("does not resolve (DNS: no such host)");
  }

  @Test
  void aFullDiskIsTheHostsProblem() {
    // Docker 26, in the stream, from an engine whose data root was a 12 MB tmpfs.
    ImagePullException e =
        classify("failed to register layer: no space left on device", 0, FROM_FILE);
    assertThat(e.reason()).isEqualTo(Reason.DISK_FULL);
    assertThat(e.getMessage())
        .isEqualTo(
            "the engine ran out of disk space while pulling 127.0.0.1:5055/team/small:1 (no space"
                + " left on device)");
  }

  @Test
  void tooManyRequestsIsRateLimitedWithTheWaitWhenSaid() {
    // Docker 26 and 20.10: pull HTTP 500, lookup HTTP 429, neither with Retry-After.
    ImagePullException pull = classify("toomanyrequests: too many requests", 500, NONE);
    assertThat(pull.reason()).isEqualTo(Reason.RATE_LIMITED);
    assertThat(pull.retryAfter()).isEmpty();
    assertThat(pull.getMessage())
        .isEqualTo(
            "registry 127.0.0.1:5055 is limiting the rate of pulls (too many requests) for"
                + " team/small:1");
    ImagePullException lookup =
        PullFailures.classify("toomanyrequests: slow down", 429, "42", SMALL, NONE);
    assertThat(lookup.retryAfter()).contains(Duration.ofSeconds(42));
    assertThat(lookup.getMessage()).endsWith(": it asks to retry after 42 s");
  }

  @Test
  void retryAfterIsReadFromSecondsADateOrTheWords() {
    assertThat(PullFailures.retryAfter("120", "")).isEqualTo(Duration.ofSeconds(120));
    String inAMinute =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(61));
    assertThat(PullFailures.retryAfter(inAMinute, ""))
        .isBetween(Duration.ofSeconds(55), Duration.ofSeconds(61));
    assertThat(PullFailures.retryAfter(null, "rate exceeded, Retry-After: 30"))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(PullFailures.retryAfter(null, "toomanyrequests: too many requests")).isNull();
  }

  @Test
  void anythingElseIsOneLineOfTheEnginesWords() {
    ImagePullException e = classify("something odd\n{\"detail\":1}", 500, NONE);
    assertThat(e.reason()).isEqualTo(Reason.OTHER);
    assertThat(e.getMessage())
        .isEqualTo("pulling 127.0.0.1:5055/team/small:1 failed: something odd");
  }

  @Test
  void aTimeoutSaysHowLong() {
    ImagePullException e = PullFailures.timedOut(SMALL, Duration.ofSeconds(90));
    assertThat(e.reason()).isEqualTo(Reason.TIMED_OUT);
    assertThat(e.getMessage())
        .isEqualTo(
            "pulling 127.0.0.1:5055/team/small:1 did not finish within 90 s: the pull was stopped");
  }
}
