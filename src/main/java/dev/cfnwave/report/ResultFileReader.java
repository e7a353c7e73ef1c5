package dev.cfnwave.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an attempt's result file (docs/schemas/result-file.schema.json) without ever failing: a
 * missing file is no result, a malformed, oversized or unreadable one is no result and a warning
 * naming what is wrong. Unknown fields are allowed (the format may grow).
 */
public final class ResultFileReader {

  /** Where a container writes it, inside its output folder. */
  public static final String FILE_NAME = "result.json";

  /** Larger files are not read: a summary is one line, usage a handful of numbers. */
  public static final int MAX_BYTES = 64 * 1024;

  /** The longest summary kept. */
  public static final int MAX_SUMMARY = 500;

  /** What the file gave: a result, or a warning, or neither when there is no file. */
  public record Read(ResultFile result, String warning) {
    static Read problem(String what) {
      return new Read(null, FILE_NAME + " ignored: " + what);
    }
  }

  private ResultFileReader() {}

  /** Reads {@code result.json} in this output folder; a symbolic link is not followed. */
  public static Read readIn(Path folder) {
    Path file = folder.resolve(FILE_NAME);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return new Read(null, null);
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Read.problem("not a regular file");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      return Read.problem("could not be read: " + e.getMessage());
    }
    if (bytes.length > MAX_BYTES) {
      return Read.problem("larger than " + MAX_BYTES / 1024 + " KiB");
    }
    return parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Parses and checks the text of a result file. */
  public static Read parse(String text) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return Read.problem("not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      return Read.problem("not a JSON object");
    }
    try {
      return new Read(
          new ResultFile(
              status(root.get("status")),
              summary(root.get("summary")),
              retryAfter(root.get("retry_after_seconds")),
              usage(root.get("usage")),
              artifacts(root.get("artifacts"))),
          null);
    } catch (Malformed e) {
      return Read.problem(e.getMessage());
    }
  }

  private static String status(JsonNode node) {
    if (absent(node)) {
      return null;
    }
    if (!node.isTextual() || !ResultFile.STATUSES.contains(node.asText())) {
      throw new Malformed("status must be success, failed, rate_limited or skipped, got " + node);
    }
    return node.asText();
  }

  private static String summary(JsonNode node) {
    if (absent(node)) {
      return null;
    }
    if (!node.isTextual()) {
      throw new Malformed("summary must be a string");
    }
    String text = node.asText();
    if (text.contains("\n") || text.contains("\r")) {
      throw new Malformed("summary must be one line");
    }
    if (text.length() > MAX_SUMMARY) {
      throw new Malformed("summary is longer than " + MAX_SUMMARY + " characters");
    }
    return text;
  }

  private static BigDecimal retryAfter(JsonNode node) {
    if (absent(node)) {
      return null;
    }
    return nonNegative(node, "retry_after_seconds");
  }

  private static Map<String, BigDecimal> usage(JsonNode node) {
    Map<String, BigDecimal> usage = new LinkedHashMap<>();
    if (absent(node)) {
      return usage;
    }
    if (!node.isObject()) {
      throw new Malformed("usage must be an object of numbers");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!field.getKey().matches("[A-Za-z0-9_.-]{1,64}")) {
        throw new Malformed(
            "usage key "
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(field.getKey())
                + " is not a simple name");
      }
      usage.put(field.getKey(), nonNegative(field.getValue(), "usage." + field.getKey()));
    }
    return usage;
  }

  private static List<String> artifacts(JsonNode node) {
    List<String> artifacts = new ArrayList<>();
    if (absent(node)) {
      return artifacts;
    }
    if (!node.isArray()) {
      throw new Malformed("artifacts must be an array of paths");
    }
    for (JsonNode item : node) {
      if (!item.isTextual() || !insideTheFolder(item.asText())) {
        throw new Malformed("artifacts: " + item + " is not a relative path inside the folder");
      }
      artifacts.add(item.asText());
    }
    return artifacts;
  }

  private static boolean insideTheFolder(String path) {
    if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("\0")) {
      return false;
    }
    for (String part : path.split("/")) {
      if (part.equals("..")) {
        return false;
      }
    }
    return true;
  }

  private static BigDecimal nonNegative(JsonNode node, String field) {
    if (!node.isNumber() || node.decimalValue().signum() < 0) {
      throw new Malformed(field + " must be a number of at least 0, got " + node);
    }
    return node.decimalValue();
  }

  private static boolean absent(JsonNode node) {
    return node == null || node.isNull();
  }

  private static final class Malformed extends RuntimeException {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }
}
