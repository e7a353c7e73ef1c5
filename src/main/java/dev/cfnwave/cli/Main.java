package dev.cfnwave.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/** The cfn-wave command line. */
public final class Main {

  private static final List<Class<?>> SUBCOMMANDS =
      List.of(
          SpawnCommand.class,
          MonitorCommand.class,
          CleanupCommand.class,
          RunCommand.class,
          ValidateCommand.class,
          ReportCommand.class,
          RunsCommand.class,
          StatusCommand.class,
          LogsCommand.class,
          TiersCommand.class,
          DoctorCommand.class,
          HelpersCommand.class,
          SkillCommand.class,
          HelpCommand.class,
          CompletionCommand.class);

  /** The commands that need every other command's model: they show help or complete them. */
  private static final Set<String> NEED_THE_WHOLE_TREE = Set.of("help", "completion");

  private static final VersionProvider VERSION = new VersionProvider();

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, System.getenv(), args));
  }

  /** Runs one command line; returns its exit code. stdout gets only the JSON document. */
  public static int run(
      PrintStream out, PrintStream err, Map<String, String> environment, String... args) {
    try (Context context = new Context(out, err, environment)) {
      CommandLine commandLine = commandLine(context, args);
      String unknown = UnknownCommand.message(commandLine, args);
      if (unknown != null) {
        err.println(unknown);
        return ExitCodes.INVALID_OR_CRITICAL;
      }
      return commandLine.execute(args);
    }
  }

  static CommandLine commandLine(
      PrintStream out, PrintStream err, Map<String, String> environment) {
    return commandLine(new Context(out, err, environment));
  }

  /** The whole command tree, every subcommand included. */
  static CommandLine commandLine(Context context) {
    return commandLine(context, new String[0]);
  }

  /**
   * The command tree for these arguments: only the subcommand they name, when they name one.
   * Building a subcommand's model costs picocli reflection over its options (about 100 ms of CPU
   * for the five there were when it was measured; there are eleven now); help and errors without a
   * subcommand still get the whole tree.
   */
  static CommandLine commandLine(Context context, String[] args) {
    ContextFactory factory = new ContextFactory(context);
    CommandLine commandLine = new CommandLine(new CfnWaveCommand(), factory);
    String named = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("");
    List<Class<?>> wanted =
        SUBCOMMANDS.stream()
            .filter(c -> nameOf(c).equals(named) && !NEED_THE_WHOLE_TREE.contains(named))
            .findFirst()
            .map(List::<Class<?>>of)
            .orElse(SUBCOMMANDS);
    for (Class<?> subcommand : wanted) {
      commandLine.addSubcommand(new CommandLine(subcommand, factory));
    }
    describe(commandLine);
    commandLine.setHelpFactory(SpaceWrappingHelp::new);
    Converters.registerOn(commandLine);
    commandLine.setDefaultValueProvider(new EnvironmentDefaults(context.environment));
    commandLine.setOut(new PrintWriter(context.out, true));
    commandLine.setErr(new PrintWriter(context.err, true));
    ErrorHandler errors = new ErrorHandler(context);
    commandLine.setExecutionExceptionHandler(errors);
    commandLine.setParameterExceptionHandler(errors::onUsageError);
    return commandLine;
  }

  /**
   * Each command's --help lists its exit codes, from the one map in {@link ExitCodes}, and its
   * {@link Examples}; its --version says what the top-level one says.
   */
  private static void describe(CommandLine commandLine) {
    CommandLine.Model.CommandSpec spec = commandLine.getCommandSpec();
    spec.versionProvider(VERSION);
    spec.usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(ExitCodes.meanings(spec.qualifiedName()));
    Examples.addSection(spec.usageMessage(), spec.qualifiedName());
    commandLine.getSubcommands().values().forEach(Main::describe);
  }

  private static String nameOf(Class<?> subcommand) {
    return subcommand.getAnnotation(CommandLine.Command.class).name();
  }
}
