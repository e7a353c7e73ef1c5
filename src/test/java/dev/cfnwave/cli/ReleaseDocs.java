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
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build step (prepare-package, see the pom): writes the release archive's man page sources
 * (AsciiDoc, with picocli's ManPageGenerator; Asciidoctor turns them into man pages) and its bash
 * and zsh completion (picocli's AutoComplete), all from the same command model that --help shows.
 */
final class ReleaseDocs {

  private ReleaseDocs() {}

  /** args: the folder to write man-adoc/ and completion/ into. */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    var sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    CommandLine commandLine = Main.commandLine(sink, sink, Map.of());

    Path manSources = Files.createDirectories(out.resolve("man-adoc"));
    int status =
        ManPageGenerator.generateManPage(
            manSources.toFile(), null, new boolean[0], true, commandLine.getCommandSpec());
    if (status != 0) {
      throw new IllegalStateException("ManPageGenerator exited " + status);
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
