package dev.cfnwave.attempt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContainerNamingTest {

  /** What the Docker daemon accepts as a container name. */
  private static final Pattern DOCKER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");

  private static final Pattern SAFE_PART = Pattern.compile("[a-zA-Z0-9_.-]+");

  static Stream<String> unsafeIds() {
    return Stream.of(
        "a/b",
        "src/components/Button.tsx",
        "has space",
        "../../etc/passwd",
        "$(rm -rf /)",
        "a;b|c&d`e`>f<g",
        "quote'\"",
        "ünïcödé",
        "批次-1",
        "emoji-😀",
        "x".repeat(300),
        "y".repeat(65),
        "tab\tid",
        "*?[]{}");
  }

  @ParameterizedTest
  @MethodSource("unsafeIds")
  void unsafeIdGivesANameDockerAccepts(String batchId) {
    String name = ContainerNaming.name(1, batchId, "0a1b2c3d");

    assertThat(name).matches(DOCKER_NAME).startsWith("cfn-wave1-").endsWith("-0a1b2c3d");
    assertThat(ContainerNaming.safe(batchId)).matches(SAFE_PART);
  }

  @ParameterizedTest
  @MethodSource("unsafeIds")
  void unsafeIdIsChangedAndCut(String batchId) {
    String safe = ContainerNaming.safe(batchId);

    assertThat(safe).isNotEqualTo(batchId);
    assertThat(safe.length()).isLessThanOrEqualTo(ContainerNaming.MAX_ID_PART + 9);
  }

  @ParameterizedTest
  @ValueSource(strings = {"iter1-batch-1", "a", "batch_2.v3", "B-7"})
  void safeIdIsUnchanged(String batchId) {
    assertThat(ContainerNaming.safe(batchId)).isEqualTo(batchId);
  }

  @Test
  void nameFollowsTheSpecsForm() {
    assertThat(ContainerNaming.name(3, "iter1-batch-1", "run7"))
        .isEqualTo("cfn-wave3-iter1-batch-1-run7");
  }

  @Test
  void idsThatLookAlikeOnceMadeSafeStayDistinct() {
    List<String> ids = List.of("a/b", "a-b", "a b", "a:b", "a\\b", "a/b/", "a//b");

    List<String> safe = ids.stream().map(ContainerNaming::safe).toList();

    assertThat(safe).doesNotHaveDuplicates();
    assertThat(ContainerNaming.safe("a-b")).isEqualTo("a-b");
    assertThat(ContainerNaming.safe("a/b")).startsWith("a-b-").isNotEqualTo("a-b");
  }

  @Test
  void longIdsWithTheSameStartStayDistinct() {
    String first = "x".repeat(299) + "a";
    String second = "x".repeat(299) + "b";

    assertThat(ContainerNaming.safe(first)).isNotEqualTo(ContainerNaming.safe(second));
  }

  @Test
  void longSafeIdIsCutAndStaysDistinctFromItsPrefix() {
    String prefix = "p".repeat(ContainerNaming.MAX_ID_PART);
    String longer = prefix + "q";

    assertThat(ContainerNaming.safe(prefix)).isEqualTo(prefix);
    assertThat(ContainerNaming.safe(longer)).startsWith(prefix + "-").isNotEqualTo(prefix);
  }

  @Test
  void idSpelledLikeAnotherIdsSafeFormStaysDistinct() {
    String madeSafe = ContainerNaming.safe("a/b");

    assertThat(ContainerNaming.safe(madeSafe)).isNotEqualTo(madeSafe);
  }

  @Test
  void sameIdAlwaysGivesTheSameName() {
    assertThat(ContainerNaming.safe("src/a b")).isEqualTo(ContainerNaming.safe("src/a b"));
  }
}
