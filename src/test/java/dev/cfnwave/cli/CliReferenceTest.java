package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/cli.md shows each command's --help as picocli renders it from the commands themselves, so
 * the reference cannot drift from the code. After changing an option or a help text, regenerate it
 * with {@code mvn test -Dtest=CliReferenceTest -Dcfn.docs.update=true}.
 */
class CliReferenceTest {

  static final Path FILE = Path.of("docs", "cli.md");

  static final String REGENERATE = "mvn test -Dtest=CliReferenceTest -Dcfn.docs.update=true";

  /** A generated block: from its opening marker, naming the command, to the closing marker. */
  private static final Pattern BLOCK =
      Pattern.compile(
          "<!-- generated: (cfn-wave[a-z -]*?) --help -->\\n(.*?)<!-- end generated -->",
          Pattern.DOTALL);

  /** The width of the help text, fixed so that the file does not depend on the terminal. */
  private static final int WIDTH = 80;

  @Test
  void cliMdShowsEveryCommandsHelpAsTheCodeRendersIt() throws IOException {
    Map<String, String> help = helpOfEveryCommand();
    String current = Files.readString(FILE, StandardCharsets.UTF_8);
    Map<String, String> documented = new LinkedHashMap<>();
    StringBuilder regenerated = new StringBuilder();
    Matcher block = BLOCK.matcher(current);
    while (block.find()) {
      String command = block.group(1);
      documented.put(command, block.group(2));
      String body = help.get(command);
      String replacement =
          body == null
              ? block.group()
              : "<!-- generated: " + command + " --help -->\n" + body + "<!-- end generated -->";
      block.appendReplacement(regenerated, Matcher.quoteReplacement(replacement));
    }
    block.appendTail(regenerated);

    assertThat(documented.keySet())
        .as("commands with a generated block in %s (add a block for a new command by hand)", FILE)
        .containsExactlyInAnyOrderElementsOf(help.keySet());
    if (Boolean.getBoolean("cfn.docs.update")) {
      Files.writeString(FILE, regenerated.toString(), StandardCharsets.UTF_8);
      current = Files.readString(FILE, StandardCharsets.UTF_8);
    }
    assertThat(current)
        .as("%s is out of date with the commands' --help: regenerate it with %s", FILE, REGENERATE)
        .isEqualTo(regenerated.toString());
  }

  /** The table of exit codes: from the opening marker to the closing one. */
  private static final Pattern EXIT_CODES =
      Pattern.compile(
          "<!-- generated: exit codes -->\\n(.*?)<!-- end generated -->", Pattern.DOTALL);

  /**
   * docs/cli.md's one table of exit codes is {@link ExitCodes#meanings} of every command, which
   * each command's --help lists too.
   */
  @Test
  void cliMdHasEveryCommandsExitCodesAsTheCodeSaysThem() throws IOException {
    String current = Files.readString(FILE, StandardCharsets.UTF_8);
    Matcher block = EXIT_CODES.matcher(current);
    assertThat(block.find()).as("%s has a block <!-- generated: exit codes -->", FILE).isTrue();
    String regenerated =
        current.substring(0, block.start(1)) + exitCodeTable() + current.substring(block.end(1));
    if (Boolean.getBoolean("cfn.docs.update")) {
      Files.writeString(FILE, regenerated, StandardCharsets.UTF_8);
      current = regenerated;
    }
    assertThat(current)
        .as(
            "%s's exit codes are out of date with ExitCodes: regenerate them with %s",
            FILE, REGENERATE)
        .isEqualTo(regenerated);
  }

  /** A row per exit code of every visible command, as its --help lists them. */
  static String exitCodeTable() {
    var sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    StringBuilder table = new StringBuilder("| command | exit code | meaning |\n|---|---|---|\n");
    for (CommandLine command : HelpWrappingTest.everyCommand(Map.of())) {
      if (command.getCommandSpec().usageMessage().hidden()) {
        continue;
      }
      String name = "`" + command.getCommandSpec().qualifiedName() + "`";
      for (Map.Entry<String, String> code :
          command.getCommandSpec().usageMessage().exitCodeList().entrySet()) {
        table
            .append("| ")
            .append(name)
            .append(" | `")
            .append(code.getKey())
            .append("` | ")
            .append(code.getValue())
            .append(" |\n");
        name = "";
      }
    }
    sink.close();
    return table.toString();
  }

  /**
   * Every visible command's usage help, keyed by its full name (cfn-wave helpers wait), rendered
   * without colours, at a fixed width, with no CFN_* variable set (so defaults are the built-in
   * ones).
   */
  static Map<String, String> helpOfEveryCommand() {
    var sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Map<String, String> help = new LinkedHashMap<>();
    collect(Main.commandLine(sink, sink, Map.of()), help);
    return help;
  }

  private static void collect(CommandLine command, Map<String, String> help) {
    if (command.getCommandSpec().usageMessage().hidden()) {
      return;
    }
    command.setUsageHelpWidth(WIDTH);
    String usage =
        command
            .getUsageMessage(CommandLine.Help.Ansi.OFF)
            .lines()
            .map(String::stripTrailing)
            .reduce("", (text, line) -> text + line + "\n");
    help.put(command.getCommandSpec().qualifiedName(), "```text\n" + usage + "```\n");
    for (CommandLine sub : command.getSubcommands().values()) {
      if (sub.getParent() == command && !help.containsKey(sub.getCommandSpec().qualifiedName())) {
        collect(sub, help);
      }
    }
  }
}
