package dev.cfnwave.testing;

import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Text that has broken tools before: path escapes, control characters, shell syntax, format
 * strings, odd Unicode, the empty string and very long strings.
 */
public final class HostileText {

  /** Pieces that are fine in an id (no control characters). */
  public static final List<String> PRINTABLE =
      List.of(
          "../", "..", ".", "/", "\\", "~", "$(id)", "`id`", "${HOME}", ";", "|", "&&", ">", "<",
          "*", "?", "[a]", "{a,b}", "'", "\"", " ", "%s", "%n", "-rf", "--help", "=", ":", ",", "#",
          "!", "ü", "批次", "😀", "\u202e", "\ufeff", "\u00a0", "\u2028", "a", "Z", "0", "-", "_");

  /** Control characters: never allowed in ids; NUL never allowed anywhere. */
  public static final List<String> CONTROL =
      List.of("\0", "\n", "\r", "\r\n", "\t", "\u001b[31m", "\u0007", "\u007f", "\u0085");

  private HostileText() {}

  /** 1 to {@code maxPieces} printable pieces: a valid id when it is at most 200 chars. */
  public static String printable(Random random, int maxPieces) {
    return pieces(random, PRINTABLE, 1 + random.nextInt(maxPieces));
  }

  /** Any hostile string: printable pieces, control characters, empty, or 300 characters. */
  public static String any(Random random) {
    return switch (random.nextInt(8)) {
      case 0 -> "";
      case 1 -> longString(random, 300);
      case 2 -> pick(random, CONTROL);
      case 3, 4 -> withControl(random, printable(random, 6));
      default -> printable(random, 6);
    };
  }

  /** {@code text} with one control character put in at a random place. */
  public static String withControl(Random random, String text) {
    return insert(random, text, pick(random, CONTROL));
  }

  /** {@code text} with {@code piece} put in at a random place, never inside a surrogate pair. */
  public static String insert(Random random, String text, String piece) {
    int at = random.nextInt(text.length() + 1);
    if (at > 0 && at < text.length() && Character.isLowSurrogate(text.charAt(at))) {
      at--;
    }
    return text.substring(0, at) + piece + text.substring(at);
  }

  /** A string of exactly {@code length} chars built from printable pieces. */
  public static String longString(Random random, int length) {
    StringBuilder out = new StringBuilder();
    while (out.length() < length) {
      out.append(pick(random, PRINTABLE));
    }
    String text = out.substring(0, length);
    // never end on half a surrogate pair
    return Character.isHighSurrogate(text.charAt(length - 1))
        ? text.substring(0, length - 1) + "x"
        : text;
  }

  public static <T> T pick(Random random, List<T> choices) {
    return choices.get(random.nextInt(choices.size()));
  }

  private static String pieces(Random random, List<String> from, int count) {
    return random.ints(count, 0, from.size()).mapToObj(from::get).collect(Collectors.joining());
  }

  /** The text single-quoted for sh, whatever it holds (NUL aside). */
  public static String shellQuoted(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
