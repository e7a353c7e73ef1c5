package dev.cfnwave.attempt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.SavedLog;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogKeeperTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "cfn-wave1-iter1-batch-1-5f3a9c21",
        "cfn-wave1-v1..2-r1",
        "cfn-wave1-..-x-28b773a5-r1",
        "cfn-wave1-a-r1..",
        "a"
      })
  void containerNameGivesALogFileDirectlyInsideTheDirectory(String name) throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));

    SavedLog saved = new LogKeeper(writingEngine(), logs, 1024).save("abc", name);

    assertThat(saved.file()).isEqualTo(logs.resolve(name + ".log"));
    assertThat(saved.file().toRealPath().getParent()).isEqualTo(logs.toRealPath());
    assertThat(Files.readString(saved.file())).isEqualTo("log of abc\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "../x", "a/../../x", "a/b", "/etc/x", ".hidden", "", "a b"})
  void nameThatIsNotAContainerNameIsRefused(String name) {
    LogKeeper keeper = new LogKeeper(writingEngine(), dir.resolve("logs"), 1024);

    assertThatThrownBy(() -> keeper.save("abc", name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unsafe log file name");
    assertThat(dir.resolve("logs")).doesNotExist();
  }

  /** An engine whose only skill is writing a log file where it is told to. */
  private static Backend writingEngine() {
    return (Backend)
        Proxy.newProxyInstance(
            Backend.class.getClassLoader(),
            new Class<?>[] {Backend.class},
            (proxy, method, args) -> {
              if (!method.getName().equals("saveLog")) {
                throw new UnsupportedOperationException(method.getName());
              }
              Path file = (Path) args[1];
              Files.createDirectories(file.getParent());
              byte[] log = ("log of " + args[0] + "\n").getBytes();
              Files.write(file, log);
              return new SavedLog(file, log.length, false);
            });
  }
}
