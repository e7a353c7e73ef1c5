package dev.cfnwave.spawn;

import dev.cfnwave.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses --environment entries and --env-file files. An entry is VAR=VALUE, or VAR alone to pass
 * the caller's own value through (as docker run -e VAR does), which keeps secrets off the command
 * line. Names are shell-style identifiers and must not be one that cfn-wave sets itself; values
 * must not hold NUL or newlines (the engine would accept some at create and fail at start). Error
 * messages name variables, never values.
 */
public final class EnvironmentEntries {

  /** The variables every container gets from its batch. */
  public static final Set<String> RESERVED =
      Set.of("BATCH_ID", "TASK_ID", "TASK_PROMPT", "WAVE_NUMBER", "BATCH_FILES");

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private EnvironmentEntries() {}

  /** Entries that all carry their value (VAR=VALUE). */
  public static Map<String, String> parse(List<String> entries) {
    return parse(entries, Map.of());
  }

  /** Entries; a bare VAR takes its value from {@code caller}. */
  public static Map<String, String> parse(List<String> entries, Map<String, String> caller) {
    Map<String, String> environment = new LinkedHashMap<>();
    for (String entry : entries) {
      int equals = entry.indexOf('=');
      String name = equals < 0 ? entry : entry.substring(0, equals);
      checkName("--environment", name);
      String value = equals < 0 ? caller.get(name) : entry.substring(equals + 1);
      if (value == null) {
        throw new InputException(
            "--environment " + name, "expected VAR=VALUE, or VAR set in the environment");
      }
      checkValue("--environment " + name, value);
      environment.put(name, value);
    }
    return environment;
  }

  /** VAR=VALUE lines; blank lines and lines starting with # are skipped. */
  public static Map<String, String> readFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InputException("--env-file " + file, "cannot read: " + e.getMessage());
    }
    Map<String, String> environment = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      int equals = line.indexOf('=');
      String where = "--env-file " + file + ": line " + (i + 1);
      if (equals < 0) {
        throw new InputException(where, "expected VAR=VALUE");
      }
      String name = line.substring(0, equals).strip();
      checkName(where, name);
      String value = line.substring(equals + 1);
      checkValue(where + " (" + name + ")", value);
      environment.put(name, value);
    }
    return environment;
  }

  private static void checkName(String where, String name) {
    if (!NAME.matcher(name).matches()) {
      throw new InputException(where + " " + name, "the name must match [A-Za-z_][A-Za-z0-9_]*");
    }
    if (RESERVED.contains(name)) {
      throw new InputException(where + " " + name, "is set by cfn-wave from the batch");
    }
  }

  private static void checkValue(String where, String value) {
    if (value.indexOf('\0') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new InputException(where, "the value must not contain NUL or newlines");
    }
  }
}
