package dev.cfnwave.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.testing.ImageNames;
import dev.cfnwave.testing.Tries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  @Test
  void everyValidReferenceReadsBackAsWritten() {
    Tries.forAll(
        0x1a6e_0001L,
        2000,
        ImageNames::valid,
        text -> assertThat(ImageReference.parse(text)).hasToString(text));
  }

  @Test
  void normalizingTwiceChangesNothing() {
    Tries.forAll(
        0x1a6e_0002L,
        2000,
        ImageNames::valid,
        text -> {
          String normalized = ImageReference.parse(text).normalized();
          assertThat(ImageReference.parse(normalized).normalized()).isEqualTo(normalized);
        });
  }

  @Test
  void aNearMissIsRefusedWithOneLineOrReadsBackAsWritten() {
    Tries.forAll(
        0x1a6e_0003L,
        2000,
        ImageNames::nearMiss,
        text -> {
          try {
            assertThat(ImageReference.parse(text)).hasToString(text);
          } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage())
                .doesNotContainPattern("\\p{Cntrl}")
                .satisfiesAnyOf(
                    m -> assertThat(m).startsWith("not an image reference: "),
                    m -> assertThat(m).isEqualTo("must not be empty"));
          }
        });
  }

  @ParameterizedTest
  @CsvSource({
    "ubuntu, docker.io/library/ubuntu:latest",
    "ubuntu:22.04, docker.io/library/ubuntu:22.04",
    "docker.io/library/ubuntu, docker.io/library/ubuntu:latest",
    "index.docker.io/team/agent:1, docker.io/team/agent:1",
    "team/agent, docker.io/team/agent:latest",
    "localhost/agent, localhost/agent:latest",
    "localhost:5000/team/agent:1, localhost:5000/team/agent:1",
    "ghcr.io/org/agent:v1.2, ghcr.io/org/agent:v1.2",
    "Team/agent, Team/agent:latest",
    "[::1]:5000/agent, [::1]:5000/agent:latest",
  })
  void namesTheImageAsTheEngineDoes(String written, String normalized) {
    assertThat(ImageReference.parse(written).normalized()).isEqualTo(normalized);
  }

  @Test
  void aDigestNamesTheImageWhateverTheTag() {
    ImageReference reference = ImageReference.parse("registry.example:5000/agent:1@" + DIGEST);

    assertThat(reference.domain()).isEqualTo("registry.example:5000");
    assertThat(reference.path()).isEqualTo("agent");
    assertThat(reference.tag()).isEqualTo("1");
    assertThat(reference.digest()).isEqualTo(DIGEST);
    assertThat(reference.normalized()).isEqualTo("registry.example:5000/agent@" + DIGEST);
  }

  @Test
  void pinningKeepsTheRepositoryAsWritten() {
    assertThat(ImageReference.parse("team/agent:1").withDigest(DIGEST))
        .isEqualTo("team/agent@" + DIGEST);
  }

  @Test
  void registryDigestsOfTheSameRepositoryAreRecognisedInEitherSpelling() {
    ImageReference ubuntu = ImageReference.parse("ubuntu:22.04");

    assertThat(ubuntu.sameRepository("ubuntu@" + DIGEST)).isTrue();
    assertThat(ubuntu.sameRepository("docker.io/library/ubuntu@" + DIGEST)).isTrue();
    assertThat(ubuntu.sameRepository("registry.example/ubuntu@" + DIGEST)).isFalse();
    assertThat(ubuntu.sameRepository("not a reference")).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Agent:1 | not an image reference: the repository path must be lower-case",
        "team/Agent | not an image reference: the repository path must be lower-case",
        "agent:-1 | not an image reference: the tag must be 1 to 128 letters, digits, _ . or -,"
            + " not beginning with . or -",
        "agent@sha256:abc | not an image reference: the digest after @ must be sha256: and 64"
            + " lower-case hex digits",
        "agent@md5:"
            + "ab"
            + " | not an image reference: the digest after @ must be sha256: and 64"
            + " lower-case hex digits",
        "team//agent | not an image reference: the repository path must be lower-case letters and"
            + " digits, separated by /, ., _, __ or -",
        "-agent | not an image reference: the repository path must be lower-case letters and"
            + " digits, separated by /, ., _, __ or -",
        "bad_host.example:port/agent | not an image reference: what comes before the first / is"
            + " no registry host[:port]",
      })
  void aBrokenReferenceSaysWhatIsWrong(String written, String problem) {
    assertThatThrownBy(() -> ImageReference.parse(written))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(problem);
  }

  @Test
  void sixtyFourHexDigitsAreAnIdNotAName() {
    assertThat(ImageReference.isValid("ab".repeat(32))).isFalse();
    assertThat(ImageReference.isValid("team/" + "ab".repeat(32))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " "})
  void blankIsNoReference(String written) {
    assertThat(ImageReference.isValid(written)).isFalse();
  }

  @Test
  void aNameOver255CharactersIsRefused() {
    assertThat(ImageReference.isValid("a".repeat(255))).isTrue();
    assertThat(ImageReference.isValid("a".repeat(256))).isFalse();
  }
}
