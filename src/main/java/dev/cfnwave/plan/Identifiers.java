package dev.cfnwave.plan;

/**
 * The rule for batch and task ids: 1 to 200 characters, none of them a control character (no
 * newline, tab or NUL). Any other character is allowed; names and paths derived from an id are made
 * safe where they are built.
 */
public final class Identifiers {

  public static final int MAX_LENGTH = 200;

  private Identifiers() {}

  /** Why the id breaks the rule, or null when it is valid. */
  public static String problemWith(String id) {
    if (id == null || id.isEmpty()) {
      return "must not be empty";
    }
    if (id.length() > MAX_LENGTH) {
      return "must be at most " + MAX_LENGTH + " characters, has " + id.length();
    }
    if (id.chars().anyMatch(Character::isISOControl)) {
      return "must not contain control characters (newline, tab, NUL ...)";
    }
    return null;
  }

  static void requireValid(String field, String id) {
    String problem = problemWith(id);
    if (problem != null) {
      throw new IllegalArgumentException(field + " " + problem);
    }
  }
}
