package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * --help at 80 columns breaks lines only between words: joined up again, its lines read as the same
 * help with nowhere to wrap. A break inside a word or path ("(default: ." then "artifacts/runs)",
 * "[--user=UID[:" then "GID]]") would read differently.
 */
class HelpWrappingTest {

  private static final int WIDTH = 80;

  /** Wide enough that no section wraps. */
  private static final int UNWRAPPED = 10_000;

  @Test
  void everyHelpBreaksLinesOnlyBetweenWords() {
    for (CommandLine command : everyCommand(Map.of())) {
      assertBreaksOnlyBetweenWords(command);
    }
  }

  /**
   * Values of variables ("now: ...") with dots, colons and slashes wrap as well. (A word longer
   * than its column, which nothing can keep whole in a table of 80 columns, is cut.)
   */
  @Test
  void helpWithLongVariablesBreaksLinesOnlyBetweenWords() {
    Map<String, String> environment =
        Map.of(
            "CFN_DOCKER_WORKSPACE", "/srv/projects/agents/workspace",
            "CFN_DOCKER_IMAGE", "registry.example.com:5000/agents:1.2.3",
            "CFN_DOCKER_NETWORK", "a.network.name.with.dots");
    for (CommandLine command : everyCommand(environment)) {
      assertBreaksOnlyBetweenWords(command);
    }
  }

  @Test
  void linesAreBrokenAtSpacesAndTheSpacesDropped() {
    List<int[]> lines = SpaceWrappingHelp.Table.lines("aa bb cc.dd ee", 8, 5);

    assertThat(lines)
        .extracting(l -> "aa bb cc.dd ee".substring(l[0], l[1]))
        .containsExactly("aa bb", "cc.dd", "ee");
  }

  @Test
  void aWordLongerThanALineGetsALineOfItsOwn() {
    String text = "see /a/very/long/path/that/does/not/fit here";
    List<int[]> lines = SpaceWrappingHelp.Table.lines(text, 10, 10);

    assertThat(lines)
        .extracting(l -> text.substring(l[0], l[1]))
        .containsExactly("see", "/a/very/long/path/that/does/not/fit", "here");
  }

  private static void assertBreaksOnlyBetweenWords(CommandLine command) {
    String name = command.getCommandSpec().qualifiedName();
    String wrapped = usage(command, WIDTH);
    for (String line : wrapped.split("\n")) {
      assertThat(line.length()).as(name + ": " + line).isLessThanOrEqualTo(WIDTH);
    }
    assertThat(words(wrapped))
        .as(name + " --help, its lines joined")
        .isEqualTo(words(usage(command, UNWRAPPED)));
  }

  private static String usage(CommandLine command, int width) {
    command.setUsageHelpWidth(width);
    return command.getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  /** The text with every run of white space, line breaks and indents included, as one space. */
  private static String words(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  static List<CommandLine> everyCommand(Map<String, String> environment) {
    var sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    List<CommandLine> all = new ArrayList<>();
    collect(Main.commandLine(sink, sink, environment), all);
    assertThat(all).hasSizeGreaterThan(10);
    return all;
  }

  private static void collect(CommandLine command, List<CommandLine> all) {
    all.add(command);
    command.getSubcommands().values().stream()
        .filter(sub -> sub.getParent() == command)
        .distinct()
        .forEach(sub -> collect(sub, all));
  }
}
