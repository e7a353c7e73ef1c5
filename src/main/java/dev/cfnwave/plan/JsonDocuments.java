package dev.cfnwave.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.CharConversionException;
import java.io.IOException;

/**
 * Parses the JSON documents cfn-wave is given (plans, manifests). Every way the text can be broken
 * (bad syntax, bytes that are not text, nesting or numbers past the parser's limits) is one
 * PlanException at {@code $}, with line and column when the parser knows them.
 */
public final class JsonDocuments {

  private JsonDocuments() {}

  /**
   * @return the root, or a missing node when there is nothing but white space
   */
  public static JsonNode readTree(ObjectMapper mapper, String source, byte[] content) {
    try {
      return mapper.readTree(content);
    } catch (IOException e) {
      throw invalid(source, e);
    }
  }

  /**
   * @return the root, or a missing node when there is nothing but white space
   */
  public static JsonNode readTree(ObjectMapper mapper, String source, String content) {
    try {
      return mapper.readTree(content);
    } catch (IOException e) {
      throw invalid(source, e);
    }
  }

  private static PlanException invalid(String source, IOException e) {
    if (e instanceof JsonProcessingException || e instanceof CharConversionException) {
      return new PlanException(source + ": $", problem(e));
    }
    return new PlanException(source, problem(e));
  }

  /**
   * What is wrong with a JSON file that could not be read, as one plain line: "invalid JSON at line
   * L, column C: ..." for broken text, with none of the parser's own vocabulary (its "[Source:
   * REDACTED ...]" locations, the names of its settings, its class names); "cannot read: ..." for
   * an I/O error.
   */
  public static String problem(IOException e) {
    if (e instanceof JsonMappingException mapping && !(e instanceof JsonParseException)) {
      String message = String.valueOf(mapping.getOriginalMessage());
      if (message.startsWith("Trailing token")) {
        return "invalid JSON" + at(mapping.getLocation()) + ": more after the end of the document";
      }
      // the text is JSON, but not of the shape the reader expected
      return "unexpected content" + at(mapping.getLocation());
    }
    if (e instanceof JsonProcessingException json) {
      // limits (nesting depth, number length) are reported without a location
      return "invalid JSON" + at(json.getLocation()) + ": " + plain(json.getOriginalMessage());
    }
    if (e instanceof CharConversionException) {
      // the first bytes made the parser take the text for UTF-16 or UTF-32
      return "invalid JSON: not text: " + e.getMessage();
    }
    return "cannot read: " + e.getMessage();
  }

  private static String at(JsonLocation where) {
    return where == null || where.getLineNr() < 1
        ? ""
        : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
  }

  /** The parser's message without its locations, setting names and character codes. */
  static String plain(String message) {
    if (message == null) {
      return "";
    }
    String plain =
        message
            .replaceAll(
                "\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2")
            .replaceAll(", from `[^`]*`", "")
            .replaceAll("\\('(.+?)' \\(code \\d+\\)\\)", "'$1'")
            .replaceAll("\\(\\(CTRL-CHAR, code (\\d+)\\)\\)", "(control character $1)");
    int source = plain.indexOf("Source:");
    if (source >= 0) {
      plain = plain.substring(0, source).replaceAll("[\\s(\\[]+$", "");
    }
    return plain.strip();
  }
}
