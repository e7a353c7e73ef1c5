package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Prints the bash or zsh completion script, picocli's from the command model; the release archive
 * ships the same scripts (ReleaseDocs writes them with {@link #script}).
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print the shell completion script for bash or zsh to stdout.",
      "bash: source it (bash-completion loads it from"
          + " ~/.local/share/bash-completion/completions/cfn-wave). zsh: put it in a folder on"
          + " fpath as _cfn-wave, or source it after compinit."
    })
final class CompletionCommand implements Callable<Integer> {

  static final String NAME = "cfn-wave";

  private final Context context;

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "SHELL",
      completionCandidates = Shells.class,
      description = "bash or zsh.")
  String shell;

  @Mixin StackTraceOption stackTrace;

  CompletionCommand(Context context) {
    this.context = context;
  }

  /** The shells there is a script for, as completion offers them. */
  static final class Shells extends Converters.LowerCaseNames {
    Shells() {
      super(List.of("bash", "zsh"));
    }
  }

  @Override
  public Integer call() {
    context.out.print(script(spec.root().commandLine(), shell));
    context.out.flush();
    return ExitCodes.OK;
  }

  /**
   * The completion script of the command tree for the shell.
   *
   * @throws InputException for a shell other than bash and zsh
   */
  static String script(CommandLine root, String shell) {
    String bash = AutoComplete.bash(NAME, root);
    return switch (shell.toLowerCase(Locale.ROOT)) {
      case "bash" -> bash;
      case "zsh" -> zsh(bash);
      default -> throw new InputException("SHELL " + shell, "expected bash or zsh");
    };
  }

  /**
   * zsh's completion function file: picocli's script, which is written for bash and zsh, loaded
   * through bashcompinit. Autoloaded from a folder on fpath (as _cfn-wave, found by its #compdef
   * line), it then completes the words at hand; sourced, it only registers the completion.
   */
  private static String zsh(String bash) {
    return String.join(
        "\n",
        "#compdef cfn-wave",
        "# cfn-wave's completion for zsh: picocli's completion script, which runs in zsh through",
        "# bashcompinit. In a folder on fpath as _cfn-wave, or sourced after compinit.",
        "(( $+functions[_complete_cfn-wave] )) || {",
        "autoload -U +X bashcompinit && bashcompinit",
        bash,
        "}",
        "if [[ ${funcstack[1]} == _cfn-wave ]]; then eval \"${_comps[cfn-wave]}\"; fi",
        "");
  }
}
