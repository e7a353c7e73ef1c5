package dev.cfnwave.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/** The cfn-wave command line. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, System.getenv(), args));
  }

  /** Runs one command line; returns its exit code. stdout gets only the JSON document. */
  public static int run(
      PrintStream out, PrintStream err, Map<String, String> environment, String... args) {
    try (Context context = new Context(out, err, environment)) {
      return commandLine(context).execute(args);
    }
  }

  static CommandLine commandLine(
      PrintStream out, PrintStream err, Map<String, String> environment) {
    return commandLine(new Context(out, err, environment));
  }

  static CommandLine commandLine(Context context) {
    CommandLine commandLine = new CommandLine(new CfnWaveCommand(), new ContextFactory(context));
    commandLine.setDefaultValueProvider(new EnvironmentDefaults(context.environment));
    commandLine.setOut(new PrintWriter(context.out, true));
    commandLine.setErr(new PrintWriter(context.err, true));
    ErrorHandler errors = new ErrorHandler(context);
    commandLine.setExecutionExceptionHandler(errors);
    commandLine.setParameterExceptionHandler(errors::onUsageError);
    return commandLine;
  }
}
