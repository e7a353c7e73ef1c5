package dev.cfnwave.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cfn-wave help [COMMAND [SUBCOMMAND]]}: prints what {@code COMMAND --help} prints.
 * picocli's own HelpCommand goes one level down only and says an unknown name in its own words.
 */
@Command(
    name = "help",
    mixinStandardHelpOptions = true,
    description = "Show a command's help, as COMMAND --help does (alone: cfn-wave's).")
final class HelpCommand implements Callable<Integer> {

  private final Context context;

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "COMMAND",
      arity = "0..*",
      description = "A command, and a subcommand of it: run, tiers suggest.")
  List<String> names = new ArrayList<>();

  @Mixin StackTraceOption stackTrace;

  HelpCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CommandLine command = spec.root().commandLine();
    for (String name : names) {
      CommandLine next = command.getSubcommands().get(name);
      if (next == null) {
        context.err.println(UnknownCommand.describe(command, name));
        return ExitCodes.INVALID_OR_CRITICAL;
      }
      command = next;
    }
    command.usage(command.getOut());
    return ExitCodes.OK;
  }
}
