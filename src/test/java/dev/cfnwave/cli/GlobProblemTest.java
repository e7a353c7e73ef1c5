package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

/** A --pattern that is not a glob is refused in plain words, not the JDK's regex diagnostics. */
class GlobProblemTest {

  private static final List<String> PLAIN =
      List.of(
          "a [ without its ]",
          "a { without its }",
          "a { inside a { }",
          "a / inside [ ]",
          "a range in [ ] that is not one (such as z-a)",
          "a \\ at the end, with nothing to escape");

  @Test
  void everyBrokenGlobOfUpToFourCharactersIsDescribedInPlainWords() {
    String alphabet = "[]{},\\/-a!";
    int broken = 0;
    for (String glob : strings(alphabet, 4)) {
      try {
        FileSystems.getDefault().getPathMatcher("glob:" + glob);
      } catch (PatternSyntaxException e) {
        String problem = CleanupCommand.globProblem(e, glob);
        assertThat(problem.replaceFirst(" \\(at character \\d+\\)$", ""))
            .as(glob + ": " + e.getMessage())
            .isIn(PLAIN);
        broken++;
      }
    }
    assertThat(broken).isGreaterThan(1000);
  }

  @Test
  void thePositionIsCountedInTheGlobFromOne() {
    var err = new ByteArrayOutputStream();
    var sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    int exit =
        Main.run(
            sink,
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of("DOCKER_HOST", "tcp://127.0.0.1:9"),
            "cleanup",
            "--pattern",
            "cfn-wave1-[",
            "--dry-run");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "cfn-wave cleanup: error: --pattern cfn-wave1-[: not a valid glob: a [ without its ]"
                + " (at character 11)\n");
  }

  private static List<String> strings(String alphabet, int longest) {
    List<String> all = new ArrayList<>(List.of(""));
    List<String> previous = List.of("");
    for (int length = 1; length <= longest; length++) {
      List<String> next = new ArrayList<>();
      for (String prefix : previous) {
        for (char c : alphabet.toCharArray()) {
          next.add(prefix + c);
        }
      }
      all.addAll(next);
      previous = next;
    }
    return all;
  }
}
