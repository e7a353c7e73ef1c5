package dev.cfnwave.spawn;

import dev.cfnwave.plan.PlanException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses --environment VAR=VALUE entries. Names are shell-style identifiers and must not be one
 * that cfn-wave sets itself; values must not hold NUL or newlines (the engine would accept some of
 * them at create and fail at start, leaving a container behind).
 */
public final class EnvironmentEntries {

  /** The variables every container gets from its batch. */
  public static final Set<String> RESERVED =
      Set.of("BATCH_ID", "TASK_ID", "TASK_PROMPT", "WAVE_NUMBER", "BATCH_FILES");

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private EnvironmentEntries() {}

  public static Map<String, String> parse(List<String> entries) {
    Map<String, String> environment = new LinkedHashMap<>();
    for (String entry : entries) {
      int equals = entry.indexOf('=');
      String name = equals < 0 ? entry : entry.substring(0, equals);
      if (equals < 0) {
        throw new PlanException("--environment " + name + ": expected VAR=VALUE");
      }
      if (!NAME.matcher(name).matches()) {
        throw new PlanException(
            "--environment " + printable(name) + ": the name must match [A-Za-z_][A-Za-z0-9_]*");
      }
      if (RESERVED.contains(name)) {
        throw new PlanException("--environment " + name + ": is set by cfn-wave from the batch");
      }
      String value = entry.substring(equals + 1);
      if (value.indexOf('\0') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
        throw new PlanException(
            "--environment " + name + ": the value must not contain NUL or newlines");
      }
      environment.put(name, value);
    }
    return environment;
  }

  private static String printable(String text) {
    return text.replaceAll("\\p{Cntrl}", "?");
  }
}
