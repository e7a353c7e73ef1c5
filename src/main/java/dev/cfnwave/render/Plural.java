package dev.cfnwave.render;

/** A count with its noun in agreement, "1 attempt", "2 attempts", for the reports and tables. */
public final class Plural {

  private Plural() {}

  public static String of(long count, String noun) {
    return count + " " + (count == 1 ? noun : plural(noun));
  }

  static String plural(String noun) {
    boolean sibilant =
        noun.endsWith("s") || noun.endsWith("x") || noun.endsWith("ch") || noun.endsWith("sh");
    return noun + (sibilant ? "es" : "s");
  }
}
