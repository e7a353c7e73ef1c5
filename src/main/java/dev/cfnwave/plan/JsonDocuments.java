package dev.cfnwave.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
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
    if (e instanceof JsonProcessingException json) {
      // limits (nesting depth, number length) are reported without a location
      JsonLocation where = json.getLocation();
      String at =
          where == null || where.getLineNr() < 1
              ? ""
              : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
      return new PlanException(
          source + ": $", "invalid JSON" + at + ": " + json.getOriginalMessage());
    }
    if (e instanceof CharConversionException) {
      // the first bytes made the parser take the text for UTF-16 or UTF-32
      return new PlanException(source + ": $", "invalid JSON: not text: " + e.getMessage());
    }
    return new PlanException(source, "cannot read: " + e.getMessage());
  }
}
