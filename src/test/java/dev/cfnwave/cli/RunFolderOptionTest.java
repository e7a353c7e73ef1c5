package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderOptionTest {

  @TempDir Path temp;
  private final RunFolderOption option = new RunFolderOption();

  @BeforeEach
  void runsUnderTemp() {
    option.runsDirectory = temp.resolve("runs");
  }

  @Test
  void aFolderIsTheRunsFolderWhateverRunsDirSays() throws Exception {
    Path elsewhere = Files.createDirectories(temp.resolve("elsewhere/r1"));

    assertThat(option.folder(elsewhere.toString())).isEqualTo(elsewhere);
  }

  @Test
  void aRunIdIsLookedUpUnderRunsDir() throws Exception {
    Path run = Files.createDirectories(temp.resolve("runs/r1"));

    assertThat(option.folder("r1")).isEqualTo(run);
  }

  @Test
  void anUnknownRunIdNamesTheArgumentAndTheRunsDir() {
    assertThatThrownBy(() -> option.folder("r2"))
        .isInstanceOf(InputException.class)
        .hasMessage("RUN_ID_OR_DIR r2: neither a folder nor a run under " + temp.resolve("runs"));
  }

  @Test
  void aPathThatIsNoFolderIsNoRun() {
    String missing = temp.resolve("missing").toString();

    assertThatThrownBy(() -> option.folder(missing))
        .isInstanceOf(InputException.class)
        .hasMessage("RUN_ID_OR_DIR " + missing + ": no such run folder");
    assertThatThrownBy(() -> option.folder(" "))
        .isInstanceOf(InputException.class)
        .hasMessage("RUN_ID_OR_DIR  : no such run folder");
  }
}
