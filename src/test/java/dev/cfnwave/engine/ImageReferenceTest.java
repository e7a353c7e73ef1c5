package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageReferenceTest {

  private static final String DIGEST =
      "sha256:3340aa4c6c56c33db4b97189c87f6cc29fa16e8eac96c285ec876cc53785dd6d";

  @Test
  void aBareNameIsAnOfficialDockerHubImageTaggedLatest() {
    ImageReference ref = ImageReference.parse("busybox");
    assertThat(ref.registry()).isEqualTo("docker.io");
    assertThat(ref.repository()).isEqualTo("library/busybox");
    assertThat(ref.tag()).isEqualTo("latest");
    assertThat(ref.credentialsKey()).isEqualTo("https://index.docker.io/v1/");
    assertThat(ref.inRegistry()).isEqualTo("busybox:latest");
    assertThat(ref.name()).isEqualTo("busybox");
  }

  @Test
  void aFirstComponentWithoutDotOrColonIsADockerHubUser() {
    ImageReference ref = ImageReference.parse("team/agent:1");
    assertThat(ref.registry()).isEqualTo("docker.io");
    assertThat(ref.repository()).isEqualTo("team/agent");
    assertThat(ref.tagOrDigest()).isEqualTo("1");
  }

  @Test
  void aHostWithPortIsTheRegistry() {
    ImageReference ref = ImageReference.parse("127.0.0.1:5000/team/agent:1");
    assertThat(ref.registry()).isEqualTo("127.0.0.1:5000");
    assertThat(ref.repository()).isEqualTo("team/agent");
    assertThat(ref.tag()).isEqualTo("1");
    assertThat(ref.credentialsKey()).isEqualTo("127.0.0.1:5000");
    assertThat(ref.name()).isEqualTo("127.0.0.1:5000/team/agent");
    assertThat(ref.full()).isEqualTo("127.0.0.1:5000/team/agent:1");
    assertThat(ref.inRegistry()).isEqualTo("team/agent:1");
  }

  @Test
  void aPortWithoutTagIsNotATag() {
    ImageReference ref = ImageReference.parse("registry.example:5000/agent");
    assertThat(ref.registry()).isEqualTo("registry.example:5000");
    assertThat(ref.repository()).isEqualTo("agent");
    assertThat(ref.tag()).isEqualTo("latest");
  }

  @Test
  void localhostAndDottedOrUpperCaseComponentsAreRegistries() {
    assertThat(ImageReference.parse("localhost/agent").registry()).isEqualTo("localhost");
    assertThat(ImageReference.parse("localhost:5000/a/b").registry()).isEqualTo("localhost:5000");
    assertThat(ImageReference.parse("registry.example/a").registry()).isEqualTo("registry.example");
    assertThat(ImageReference.parse("MyHost/a").registry()).isEqualTo("MyHost");
  }

  @Test
  void theLegacyHubNameIsDockerHub() {
    ImageReference ref = ImageReference.parse("index.docker.io/busybox:1");
    assertThat(ref.isDockerHub()).isTrue();
    assertThat(ref.repository()).isEqualTo("library/busybox");
  }

  @Test
  void aDigestWinsOverATag() {
    ImageReference ref = ImageReference.parse("127.0.0.1:5000/team/agent:1@" + DIGEST);
    assertThat(ref.digest()).isEqualTo(DIGEST);
    assertThat(ref.tag()).isNull();
    assertThat(ref.tagOrDigest()).isEqualTo(DIGEST);
    assertThat(ref.full()).isEqualTo("127.0.0.1:5000/team/agent@" + DIGEST);
    assertThat(ref.inRegistry()).isEqualTo("team/agent@" + DIGEST);
  }

  @Test
  void emptyPartsAreRefused() {
    assertThatThrownBy(() -> ImageReference.parse(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageReference.parse("agent:"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageReference.parse("agent@"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
