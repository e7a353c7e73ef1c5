package dev.cfnwave.render;

import java.util.regex.Pattern;

/**
 * Plain text inside a Markdown line (after a heading's or list item's marker): escaped only where
 * GitHub's Markdown would read it as markup, so that summary.md stays readable as a file too.
 */
final class MarkdownText {

  /** An HTML entity or character reference, which Markdown would decode. */
  private static final Pattern ENTITY =
      Pattern.compile("&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});");

  private MarkdownText() {}

  static String inline(String value) {
    String text = LogTail.clean(value);
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\', '`', '*', '[', ']', '~' -> out.append('\\').append(c);
        // GFM never reads an underscore inside a word as emphasis: snake_case stays as it is.
        case '_' -> out.append(inWord(text, i) ? "_" : "\\_");
        case '<' -> out.append(opensTag(text, i) ? "&lt;" : "<");
        case '&' ->
            out.append(ENTITY.matcher(text).region(i, text.length()).lookingAt() ? "&amp;" : "&");
        case '\n', '\r' -> out.append(' ');
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean inWord(String text, int i) {
    return i > 0
        && i + 1 < text.length()
        && Character.isLetterOrDigit(text.charAt(i - 1))
        && Character.isLetterOrDigit(text.charAt(i + 1));
  }

  /** A tag, a closing tag, a comment or an autolink begins with one of these after the '<'. */
  private static boolean opensTag(String text, int i) {
    if (i + 1 >= text.length()) {
      return false;
    }
    char next = text.charAt(i + 1);
    return Character.isLetter(next) || next == '/' || next == '!' || next == '?';
  }
}
