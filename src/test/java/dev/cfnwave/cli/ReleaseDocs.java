package dev.cfnwave.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Build step (prepare-package, see the pom): writes the release archive's man pages ({@link
 * ManPages}) and its bash and zsh completion (picocli's AutoComplete), all from the same command
 * model that --help shows.
 */
final class ReleaseDocs {

  private ReleaseDocs() {}

  /** args: the folder to write man/ and completion/ into, and the version the pages name. */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    var sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    CommandLine commandLine = Main.commandLine(sink, sink, Map.of());

    Path man = Files.createDirectories(out.resolve("man"));
    for (Map.Entry<String, String> page : ManPages.of(commandLine, args[1]).entrySet()) {
      Files.writeString(man.resolve(page.getKey()), page.getValue(), StandardCharsets.UTF_8);
    }

    Path completion = Files.createDirectories(out.resolve("completion"));
    String bash = AutoComplete.bash("cfn-wave", commandLine);
    Files.writeString(completion.resolve("cfn-wave"), bash, StandardCharsets.UTF_8);
    Files.writeString(completion.resolve("_cfn-wave"), zsh(bash), StandardCharsets.UTF_8);
  }

  /**
   * zsh's completion function file (a folder on fpath finds it by its #compdef line): picocli's
   * script, which is written for bash and zsh, loaded once, then the completion it registered.
   */
  private static String zsh(String bash) {
    return String.join(
        "\n",
        "#compdef cfn-wave",
        "# cfn-wave's completion for zsh: picocli's completion script, which runs in zsh through",
        "# bashcompinit, followed by a call of the completion it registers.",
        "(( $+functions[_complete_cfn-wave] )) || {",
        "autoload -U +X bashcompinit && bashcompinit",
        bash,
        "}",
        "eval \"${_comps[cfn-wave]}\"",
        "");
  }
}
