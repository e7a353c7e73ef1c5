package dev.cfnwave.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/**
 * Build step (prepare-package, see the pom): writes the release archive's man pages ({@link
 * ManPages}) and its bash and zsh completion ({@link CompletionCommand}), all from the same command
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
    // what `cfn-wave completion bash|zsh` prints
    Files.writeString(
        completion.resolve("cfn-wave"),
        CompletionCommand.script(commandLine, "bash"),
        StandardCharsets.UTF_8);
    Files.writeString(
        completion.resolve("_cfn-wave"),
        CompletionCommand.script(commandLine, "zsh"),
        StandardCharsets.UTF_8);
  }
}
