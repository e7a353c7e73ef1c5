package dev.cfnwave.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.plan.PlanException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {

  @TempDir Path dir;

  @Test
  void spawnManifestIsRead() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("m.json"),
            "{\"wave_number\": 2, \"containers\": [{\"container_id\": \"abc\","
                + " \"container_name\": \"cfn-wave2-a-r1\", \"batch_id\": \"a\"}]}");

    ManifestReader.Manifest manifest = ManifestReader.read(file);

    assertThat(manifest.waveNumber()).isEqualTo(2);
    assertThat(manifest.containers())
        .containsExactly(new ManifestReader.Container("abc", "cfn-wave2-a-r1", "a", null, null));
  }

  @Test
  void brokenJsonNamesLineAndColumn() throws Exception {
    Path file = Files.writeString(dir.resolve("m.json"), "{\n\"containers\": [,]}");

    assertThatThrownBy(() -> ManifestReader.read(file))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith(file + ": $: invalid JSON at line 2, column ");
  }

  @Test
  void nestingPastTheParsersLimitIsInvalidJsonNotACrash() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("m.json"),
            "{\"containers\": [" + "[".repeat(1200) + "]".repeat(1200) + "]}");

    assertThatThrownBy(() -> ManifestReader.read(file))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith(file + ": $: invalid JSON: Document nesting depth");
  }

  @Test
  void numberPastTheParsersLimitIsInvalidJsonNotACrash() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("m.json"),
            "{\"containers\": [{\"container_id\": " + "7".repeat(1200) + "}]}");

    assertThatThrownBy(() -> ManifestReader.read(file))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith(file + ": $: invalid JSON: Number value length");
  }
}
