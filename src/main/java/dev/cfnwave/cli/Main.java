package dev.cfnwave.cli;

import java.io.PrintStream;
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
    CommandLine commandLine = commandLine(out, err, environment);
    return commandLine.execute(args);
  }

  static CommandLine commandLine(
      PrintStream out, PrintStream err, Map<String, String> environment) {
    Context context = new Context(out, err, environment);
    CommandLine commandLine = new CommandLine(new CfnWaveCommand(), new ContextFactory(context));
    commandLine.setDefaultValueProvider(new EnvironmentDefaults(environment));
    commandLine.setOut(new java.io.PrintWriter(out, true));
    commandLine.setErr(new java.io.PrintWriter(err, true));
    commandLine.setExecutionExceptionHandler(new ErrorHandler(context));
    commandLine.setParameterExceptionHandler(ErrorHandler::onUsageError);
    return commandLine;
  }
}
