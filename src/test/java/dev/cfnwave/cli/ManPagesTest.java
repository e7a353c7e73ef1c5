package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every man page, rendered by man(1) as a reader sees it: no troff or markup left over, a synopsis
 * with every option that reads as --help's, and every line of --help (options, arguments, commands,
 * exit codes) in it. man and groff are installed by scripts/test.sh (man-db).
 */
class ManPagesTest {

  @TempDir static Path folder;

  private static CommandLine root;
  private static final List<CommandLine> COMMANDS = new ArrayList<>();

  @BeforeAll
  static void writePages() throws IOException {
    var sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    root = Main.commandLine(sink, sink, Map.of());
    for (Map.Entry<String, String> page : ManPages.of(root, "1.2.3-TEST").entrySet()) {
      Files.writeString(folder.resolve(page.getKey()), page.getValue(), StandardCharsets.UTF_8);
    }
    HelpWrappingTest.everyCommand(Map.of()).stream()
        .filter(command -> !command.getCommandSpec().usageMessage().hidden())
        .forEach(COMMANDS::add);
  }

  @Test
  void everyCommandHasAPage() {
    for (CommandLine command : COMMANDS) {
      assertThat(folder.resolve(ManPages.fileName(command.getCommandSpec()))).exists();
    }
  }

  @Test
  void everyPageRendersWithoutWarnings() {
    for (CommandLine command : COMMANDS) {
      Path page = folder.resolve(ManPages.fileName(command.getCommandSpec()));
      Result groff = run("groff", "-man", "-Tutf8", "-ww", "-z", page.toString());
      assertThat(groff.err()).as("groff's warnings on " + page.getFileName()).isEmpty();
      assertThat(groff.exitCode()).as(page.getFileName().toString()).isZero();
    }
  }

  @Test
  void everyPageRendersWithoutStrayMarkup() {
    for (CommandLine command : COMMANDS) {
      String name = ManPages.fileName(command.getCommandSpec());
      String text = render(command);
      assertThat(text).as(name).contains("NAME", "SYNOPSIS", "DESCRIPTION", "EXIT STATUS");
      assertThat(text)
          .as(name + ": troff escapes or AsciiDoc marks left in the text")
          .doesNotContain("\\f", "\\(", "\\e", "\\-", "\\&", "=_", "_]", "*--", "[*", "\u001b");
      assertThat(text.chars().filter(c -> c < ' ' && c != '\n'))
          .as(name + ": control characters")
          .isEmpty();
    }
  }

  @Test
  void everySynopsisIsTheHelpsWithEveryOption() {
    for (CommandLine command : COMMANDS) {
      String name = ManPages.fileName(command.getCommandSpec());
      String text = render(command);
      String synopsis =
          words(text.substring(text.indexOf("SYNOPSIS") + 8, text.indexOf("DESCRIPTION")));
      String help = words(unwrappedHelp(command).lines().findFirst().orElseThrow());

      assertThat("Usage: " + synopsis).as(name).isEqualTo(help);
      assertThat(synopsis.chars().filter(c -> c == '[').count())
          .as(name + ": brackets in " + synopsis)
          .isEqualTo(synopsis.chars().filter(c -> c == ']').count());
      for (OptionSpec option : command.getCommandSpec().options()) {
        if (!option.hidden() && !option.usageHelp() && !option.versionHelp()) {
          String label =
              option.arity().max() == 0 || SpaceWrappingHelp.isFlag(option)
                  ? ""
                  : option.arity().min() == 0
                      ? "[=" + option.paramLabel() + "]"
                      : "=" + option.paramLabel();
          if (!inShortCluster(option, synopsis)) {
            assertThat(synopsis).as(name).contains(option.longestName() + label);
          }
        }
      }
    }
  }

  /**
   * Each line of the unwrapped --help (an option with its description, an argument, a command, an
   * exit code with its meaning, the footer) reads the same in the man page. A footer line "Word:
   * text" is the section WORD there.
   */
  @Test
  void everyPageSaysWhatTheHelpSays() {
    for (CommandLine command : COMMANDS) {
      String name = ManPages.fileName(command.getCommandSpec());
      String text = words(render(command));
      for (String line : unwrappedHelp(command).lines().skip(1).toList()) {
        String expected = words(line);
        if (expected.isEmpty() || expected.matches("[A-Z][a-z ]+:")) {
          continue; // a heading: the page has sections of its own
        }
        if (!text.contains(expected)) {
          assertThat(text).as(name).contains(expected.replaceFirst("^[A-Z][a-z]+: ", ""));
        }
      }
    }
  }

  private static String render(CommandLine command) {
    Path page = folder.resolve(ManPages.fileName(command.getCommandSpec()));
    Result man = run("man", "-l", "-P", "cat", page.toString());
    assertThat(man.err()).as("man's warnings on " + page.getFileName()).isEmpty();
    assertThat(man.exitCode()).as(page.getFileName().toString()).isZero();
    return man.out();
  }

  private static String unwrappedHelp(CommandLine command) {
    command.setUsageHelpWidth(10_000);
    try {
      return command.getUsageMessage(CommandLine.Help.Ansi.OFF);
    } finally {
      command.setUsageHelpWidth(80);
    }
  }

  private static String words(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  record Result(int exitCode, String out, String err) {}

  private static Result run(String... command) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("MANWIDTH", "80");
    builder.environment().put("LANG", "C.UTF-8");
    builder.environment().remove("MAN_KEEP_FORMATTING");
    builder.environment().remove("MANPAGER");
    builder.environment().remove("PAGER");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return fail(
          command[0]
              + " is needed to check the man pages (apt-get install man-db groff-base;"
              + " scripts/test.sh installs them): "
              + e.getMessage());
    }
    try {
      process.getOutputStream().close();
      CompletableFuture<byte[]> err =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return process.getErrorStream().readAllBytes();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(command[0] + " ended").isTrue();
      return new Result(
          process.exitValue(), out, new String(err.join(), StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A flag with a one-letter name, which picocli's synopsis lists with the others: [-hqV]. */
  private static boolean inShortCluster(OptionSpec option, String synopsis) {
    String shortest = option.shortestName();
    return option.arity().max() == 0
        && shortest.length() == 2
        && synopsis.matches("(?s).*\\[-[a-zA-Z]*" + shortest.charAt(1) + "[a-zA-Z]*\\].*");
  }
}
