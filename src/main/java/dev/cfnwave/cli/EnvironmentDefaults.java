package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Supplies option defaults from the spec's CFN_* environment variables, falling back to the spec's
 * own defaults. A flag on the command line always beats its variable.
 */
final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {

  /** Command name and option name to the variable and the built-in default. */
  static final Map<String, Default> DEFAULTS =
      Map.ofEntries(
          Map.entry(
              "spawn --base-image", new Default("CFN_DOCKER_IMAGE", "claude-flow-novice:latest")),
          Map.entry("spawn --network", new Default("CFN_DOCKER_NETWORK", "cfn-network")),
          Map.entry("spawn --workspace", new Default("CFN_DOCKER_WORKSPACE", "/workspace")),
          Map.entry("spawn --parallel", new Default("CFN_SPAWN_PARALLEL_LIMIT", "5")),
          Map.entry("spawn --dry-run", new Default("CFN_SPAWN_DRY_RUN", "false")),
          Map.entry("spawn --pull", new Default("CFN_PULL", "missing")),
          Map.entry("run --pull", new Default("CFN_PULL", "missing")),
          Map.entry("monitor --timeout", new Default("CFN_MONITOR_TIMEOUT", "1800")),
          Map.entry(
              "run --base-image", new Default("CFN_DOCKER_IMAGE", "claude-flow-novice:latest")),
          Map.entry("run --network", new Default("CFN_DOCKER_NETWORK", "cfn-network")),
          Map.entry("run --workspace", new Default("CFN_DOCKER_WORKSPACE", "/workspace")),
          Map.entry("run --parallel", new Default("CFN_SPAWN_PARALLEL_LIMIT", "5")),
          Map.entry("run --timeout", new Default("CFN_MONITOR_TIMEOUT", "1800")),
          Map.entry("run --poll-interval", new Default("CFN_MONITOR_POLL_INTERVAL", "5")),
          Map.entry("run --pending-timeout", new Default("CFN_PENDING_TIMEOUT", "300")),
          Map.entry("run --backfill-limit", new Default("CFN_BACKFILL_LIMIT", "60")),
          Map.entry(
              "validate --base-image",
              new Default("CFN_DOCKER_IMAGE", "claude-flow-novice:latest")),
          Map.entry("validate --pull", new Default("CFN_PULL", "missing")),
          Map.entry("validate --timeout", new Default("CFN_MONITOR_TIMEOUT", "1800")),
          Map.entry("validate --backfill-limit", new Default("CFN_BACKFILL_LIMIT", "60")),
          Map.entry("monitor --poll-interval", new Default("CFN_MONITOR_POLL_INTERVAL", "5")),
          Map.entry("monitor --preserve-logs", new Default("CFN_MONITOR_PRESERVE_LOGS", "false")),
          Map.entry("doctor --network", new Default("CFN_DOCKER_NETWORK", "cfn-network")),
          Map.entry(
              "doctor --base-image", new Default("CFN_DOCKER_IMAGE", "claude-flow-novice:latest")),
          Map.entry("cleanup --dry-run", new Default("CFN_CLEANUP_DRY_RUN", "false")));

  /** An environment variable and the value used when it is not set. */
  record Default(String variable, String fallback) {}

  private final Map<String, String> environment;

  EnvironmentDefaults(Map<String, String> environment) {
    this.environment = environment;
  }

  /**
   * Reads a boolean variable: true/false, yes/no, 1/0, on/off.
   *
   * @throws InputException for anything else
   */
  static boolean isTrue(String variable, String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off", "" -> false;
      default -> throw new InputException(variable + "=" + value, "expected true or false");
    };
  }

  /** The variable behind an option's default, or null. */
  static String variableOf(OptionSpec option) {
    Default known = DEFAULTS.get(option.command().name() + " " + option.longestName());
    return known == null ? null : known.variable();
  }

  /**
   * " (from CFN_X=value)" when the option a failure names (its field: "--parallel", "--workspace
   * /nope") was not given on the command line and took its value from its variable; else "".
   */
  static String source(CommandLine command, String field, Map<String, String> environment) {
    if (field == null || !field.startsWith("--")) {
      return "";
    }
    OptionSpec option = command.getCommandSpec().findOption(field.split("[ =]", 2)[0]);
    String variable = option == null ? null : variableOf(option);
    String value = variable == null ? null : environment.get(variable);
    if (value == null
        || value.isBlank()
        || (command.getParseResult() != null
            && command.getParseResult().hasMatchedOption(option))) {
      return "";
    }
    return " (from " + variable + "=" + value + ")";
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option)) {
      return null;
    }
    Default known = DEFAULTS.get(argSpec.command().name() + " " + option.longestName());
    if (known == null) {
      return null;
    }
    String value = environment.get(known.variable());
    if (value == null || value.isBlank()) {
      return known.fallback();
    }
    if (option.type() == boolean.class) {
      try {
        return String.valueOf(isTrue(known.variable(), value));
      } catch (InputException e) {
        return value.trim();
      }
    }
    return value.trim();
  }
}
