package dev.cfnwave.spawn;

import dev.cfnwave.InputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * --constraint: Swarm placement constraints, KEY==VALUE or KEY!=VALUE, where KEY is one of the
 * attributes Swarm matches (node.id, node.hostname, node.role, node.platform.os,
 * node.platform.arch, node.labels.NAME, engine.labels.NAME). Checked here, so that a typo is one
 * line and exit 2 rather than a task that Swarm never places.
 */
public final class PlacementConstraints {

  private static final Pattern SHAPE = Pattern.compile("\\s*([^=!\\s]+)\\s*(==|!=)\\s*(.*?)\\s*");

  private static final List<String> KEYS =
      List.of("node.id", "node.hostname", "node.role", "node.platform.os", "node.platform.arch");

  private static final List<String> LABEL_PREFIXES = List.of("node.labels.", "engine.labels.");

  /** Swarm's own pattern for a value (swarmkit's constraint package). */
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9:\\-_\\s.*()?+\\[\\]\\\\^$|/]+");

  private static final String EXPECTED =
      "expected KEY==VALUE or KEY!=VALUE with KEY one of "
          + String.join(", ", KEYS)
          + ", node.labels.NAME, engine.labels.NAME (e.g. node.hostname==worker-1)";

  private PlacementConstraints() {}

  /**
   * The constraints in Swarm's form ("key==value"), in the order given.
   *
   * @throws InputException naming the first that is not a constraint
   */
  public static List<String> parse(List<String> given) {
    List<String> constraints = new ArrayList<>();
    for (String text : given) {
      Matcher m = SHAPE.matcher(text);
      if (!m.matches() || !knownKey(m.group(1)) || !VALUE.matcher(m.group(3)).matches()) {
        throw new InputException("--constraint " + text, EXPECTED);
      }
      constraints.add(m.group(1) + m.group(2) + m.group(3));
    }
    return List.copyOf(constraints);
  }

  private static boolean knownKey(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    if (KEYS.contains(lower)) {
      return true;
    }
    for (String prefix : LABEL_PREFIXES) {
      if (lower.startsWith(prefix) && key.length() > prefix.length()) {
        return key.substring(prefix.length()).matches("[A-Za-z0-9_.-]+");
      }
    }
    return false;
  }
}
