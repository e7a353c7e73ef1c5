package dev.cfnwave.spawn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvironmentEntriesTest {

  @Test
  void entriesAreParsedInOrder() {
    Map<String, String> env =
        EnvironmentEntries.parse(List.of("FOO=bar", "_private=1", "lower_case=x"));

    assertThat(env)
        .containsExactly(
            Map.entry("FOO", "bar"), Map.entry("_private", "1"), Map.entry("lower_case", "x"));
  }

  @Test
  void valueMayContainEqualsSigns() {
    assertThat(EnvironmentEntries.parse(List.of("URL=https://h/?a=b&c=d")))
        .containsEntry("URL", "https://h/?a=b&c=d");
  }

  @Test
  void valueMayBeEmptyOrHoldSpacesAndTabs() {
    assertThat(EnvironmentEntries.parse(List.of("EMPTY=", "SPACED= a\tb ")))
        .containsEntry("EMPTY", "")
        .containsEntry("SPACED", " a\tb ");
  }

  @Test
  void noEntriesGiveAnEmptyMap() {
    assertThat(EnvironmentEntries.parse(List.of())).isEmpty();
  }

  @Test
  void laterEntryForTheSameNameWins() {
    assertThat(EnvironmentEntries.parse(List.of("A=1", "A=2")))
        .containsExactly(Map.entry("A", "2"));
  }

  @Test
  void bareNameNotSetInTheCallersEnvironmentIsRefused() {
    assertThatThrownBy(() -> EnvironmentEntries.parse(List.of("FOO")))
        .isInstanceOf(InputException.class)
        .hasMessage("--environment FOO: expected VAR=VALUE, or VAR set in the environment");
  }

  @Test
  void bareNameTakesTheCallersValue() {
    assertThat(EnvironmentEntries.parse(List.of("TOKEN"), Map.of("TOKEN", "s3cret")))
        .containsExactly(Map.entry("TOKEN", "s3cret"));
  }

  @Test
  void envFileLinesAreReadAndCommentsSkipped(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("env"), "# secrets\n\nTOKEN=a=b\nMODE=ci\n");

    assertThat(EnvironmentEntries.readFile(file))
        .containsExactly(Map.entry("TOKEN", "a=b"), Map.entry("MODE", "ci"));
  }

  @Test
  void envFileErrorsNameTheLineAndTheVariableButNeverTheValue(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("env"), "OK=1\nBATCH_ID=s3cret\n");

    assertThatThrownBy(() -> EnvironmentEntries.readFile(file))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("BATCH_ID")
        .hasMessageNotContaining("s3cret");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1FOO", "FOO-BAR", "FO O", "FOO.BAR", "ÄPFEL", "$FOO"})
  void badNameIsRefused(String name) {
    assertThatThrownBy(() -> EnvironmentEntries.parse(List.of(name + "=x")))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("--environment " + name + ": ")
        .hasMessageContaining("[A-Za-z_][A-Za-z0-9_]*");
  }

  @Test
  void entryWithoutEqualsStaysOnOneLine() {
    assertThatThrownBy(() -> EnvironmentEntries.parse(List.of("FOO\nBAR")))
        .isInstanceOf(InputException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void emptyNameIsRefused() {
    assertThatThrownBy(() -> EnvironmentEntries.parse(List.of("=x")))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("--environment ");
  }

  @Test
  void controlCharactersInABadNameAreNotPrinted() {
    assertThatThrownBy(() -> EnvironmentEntries.parse(List.of("A\nB=x")))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("--environment A?B: ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"BATCH_ID", "TASK_ID", "TASK_PROMPT", "WAVE_NUMBER", "BATCH_FILES"})
  void reservedNameIsRefused(String name) {
    assertThatThrownBy(() -> EnvironmentEntries.parse(List.of(name + "=mine")))
        .isInstanceOf(InputException.class)
        .hasMessage("--environment " + name + ": is set by cfn-wave from the batch");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b", "line1\nline2", "cr\r", "\n"})
  void valueWithNulOrLineBreakIsRefused(String value) {
    assertThatThrownBy(() -> EnvironmentEntries.parse(List.of("OK=fine", "BAD=" + value)))
        .isInstanceOf(InputException.class)
        .hasMessage("--environment BAD: the value must not contain NUL or newlines");
  }
}
