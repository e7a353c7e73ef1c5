package dev.cfnwave.render;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The end of a saved log as text that any report can carry: at most so many bytes, cut at a line
 * start, invalid UTF-8 replaced, terminal escape sequences and every character XML 1.0 forbids
 * (NUL, ESC and the other C0 controls but tab and newlines, lone surrogates, U+FFFE/U+FFFF)
 * removed. Jenkins and GitLab reject a whole JUnit file for one such character.
 */
public final class LogTail {

  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]");

  private LogTail() {}

  /** The tail of {@code log} (null: empty), with a first line saying what was cut. */
  public static String of(Path log, int maxBytes) {
    if (log == null) {
      return "";
    }
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long size = file.length();
      long from = Math.max(0, size - maxBytes);
      byte[] bytes = new byte[(int) (size - from)];
      file.seek(from);
      file.readFully(bytes);
      int start = 0;
      if (from > 0) {
        int newline = indexOf(bytes, (byte) '\n');
        start = newline >= 0 && newline < bytes.length - 1 ? newline + 1 : 0;
      }
      String text = decode(bytes, start);
      String head =
          from + start > 0 ? "[... " + (from + start) + " earlier bytes not shown]\n" : "";
      return head + clean(text);
    } catch (IOException e) {
      return "[log unreadable: " + clean(String.valueOf(e.getMessage())) + "]";
    }
  }

  /** Text without terminal escapes and without the characters XML 1.0 does not allow. */
  public static String clean(String text) {
    String plain = ANSI.matcher(text).replaceAll("");
    StringBuilder kept = new StringBuilder(plain.length());
    for (int i = 0; i < plain.length(); i++) {
      char c = plain.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < plain.length()
          && Character.isLowSurrogate(plain.charAt(i + 1))) {
        kept.append(c).append(plain.charAt(++i));
      } else if (allowed(c)) {
        kept.append(c);
      }
    }
    return kept.toString();
  }

  private static boolean allowed(char c) {
    if (c == '\t' || c == '\n' || c == '\r') {
      return true;
    }
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
      return false;
    }
    return !Character.isSurrogate(c) && c != '\uFFFE' && c != '\uFFFF';
  }

  private static String decode(byte[] bytes, int start) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try {
      return decoder.decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder does not throw", e);
    }
  }

  private static int indexOf(byte[] bytes, byte wanted) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
