package dev.cfnwave.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfnwave.CfnWaveException;
import dev.cfnwave.InputException;
import dev.cfnwave.InputProblems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one line on stderr and an exit code ({@link ExitCodes#of}); --stacktrace
 * shows the rest.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

  private static final Pattern ERROR_OBJECT =
      Pattern.compile("(.*?)(?:Status \\d+: )?(\\{\\s*\"message\"\\s*:.*\\})\\s*");

  private static final ObjectMapper JSON = new ObjectMapper();

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
    String message = e.getMessage();
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched
        && unmatched.isUnknownOption()) {
      message =
          UnknownCommand.unknownOption(
              commandLine.getCommandSpec(), unmatched.getUnmatched().get(0));
    }
    commandLine
        .getErr()
        .println(name + ": error: " + message + source + " (see " + name + " --help)");
    return ExitCodes.INVALID_OR_CRITICAL;
  }

  static String message(Exception e) {
    if (e instanceof UncheckedIOException io && io.getCause() != null) {
      return io.getMessage();
    }
    String message = e.getMessage();
    return message == null
        ? e.getClass().getSimpleName()
        : withoutErrorObject(message.strip().replace('\n', ' '));
  }

  /**
   * An engine's error object ({"message":"..."}, after "Status 500: " in docker-java's words) as
   * its message alone: the engine package translates the failures it knows of, this catches any
   * that escaped it.
   */
  static String withoutErrorObject(String message) {
    Matcher object = ERROR_OBJECT.matcher(message);
    if (!object.matches()) {
      return message;
    }
    try {
      JsonNode text = JSON.readTree(object.group(2)).path("message");
      return text.isTextual() ? object.group(1) + text.asText().strip() : message;
    } catch (IOException | RuntimeException notJson) {
      return message;
    }
  }
}
