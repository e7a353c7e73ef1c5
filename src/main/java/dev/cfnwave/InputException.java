package dev.cfnwave;

/**
 * Bad input, the user's to fix: an option, a variable, or a file that cannot be used. The message
 * is one line, "{field}: {problem}", where the field names what is wrong as the user wrote it (an
 * option with its value, a variable, a file, a file and a JSON path).
 */
public class InputException extends CfnWaveException {

  private final String field;

  public InputException(String field, String problem) {
    this(field, problem, null);
  }

  public InputException(String field, String problem, Throwable cause) {
    super(oneLine(field + ": " + problem), cause);
    this.field = oneLine(field);
  }

  /** For a message that names no single field (the field is then null). */
  public InputException(String message) {
    super(oneLine(message));
    this.field = null;
  }

  /** What is wrong, as the message names it; null when the message names no single field. */
  public String field() {
    return field;
  }

  /** User errors are printed as one line: control characters from the input must not break it. */
  private static String oneLine(String text) {
    return text == null ? null : text.replaceAll("\\p{Cntrl}", "?");
  }
}
