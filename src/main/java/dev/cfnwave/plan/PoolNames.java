package dev.cfnwave.plan;

import java.util.regex.Pattern;

/**
 * The rule for pool names: 1 to 64 letters, digits, dots, dashes or underscores, so that a name
 * fits a container label's value and a comma-separated list of them without quoting.
 */
public final class PoolNames {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private PoolNames() {}

  /** Why the name breaks the rule, or null when it is valid. */
  public static String problemWith(String name) {
    if (name == null || !VALID.matcher(name).matches()) {
      return "must be 1 to 64 letters, digits, '.', '-' or '_', found "
          + (name == null ? "nothing" : "'" + name + "'");
    }
    return null;
  }

  static void requireValid(String name) {
    String problem = problemWith(name);
    if (problem != null) {
      throw new IllegalArgumentException("pool name " + problem);
    }
  }
}
