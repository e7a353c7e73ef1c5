package dev.cfnwave.cli;

import dev.cfnwave.CfnWaveException;
import dev.cfnwave.InputException;
import dev.cfnwave.InputProblems;
import java.io.UncheckedIOException;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one line on stderr and an exit code ({@link ExitCodes#of}); --stacktrace
 * shows the rest.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

  private final Context context;

  ErrorHandler(Context context) {
    this.context = context;
  }

  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, ParseResult parseResult) {
    String prefix = commandLine.getCommandSpec().qualifiedName() + ": ";
    context.endStatus();
    if (e instanceof InputProblems problems) {
      problems.lines().forEach(line -> context.err.println(prefix + "error: " + line));
    } else {
      String source =
          e instanceof InputException input
              ? EnvironmentDefaults.source(commandLine, input.field(), context.environment)
              : "";
      context.err.println(prefix + "error: " + message(e) + source);
    }
    if (StackTraceOption.asked(parseResult)) {
      e.printStackTrace(context.err);
    } else if (!(e instanceof CfnWaveException)) {
      context.err.println(prefix + "run again with --stacktrace for details");
    }
    return ExitCodes.of(e);
  }

  /** Usage errors; a bad value that came from a CFN_* variable names the variable. */
  int onUsageError(CommandLine.ParameterException e, String[] args) {
    CommandLine commandLine = e.getCommandLine();
    String name = commandLine.getCommandSpec().qualifiedName();
    String source = "";
    if (e.getArgSpec() instanceof OptionSpec option) {
      String variable = EnvironmentDefaults.variableOf(option);
      if (variable != null
          && context.environment.containsKey(variable)
          && Arrays.stream(args).noneMatch(arg -> arg.startsWith(option.longestName()))) {
        source = " (from " + variable + "=" + context.environment.get(variable) + ")";
      }
    }
    commandLine
        .getErr()
        .println(name + ": error: " + e.getMessage() + source + " (see " + name + " --help)");
    return ExitCodes.INVALID_OR_CRITICAL;
  }

  private static String message(Exception e) {
    if (e instanceof UncheckedIOException io && io.getCause() != null) {
      return io.getMessage();
    }
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.strip().replace('\n', ' ');
  }
}
