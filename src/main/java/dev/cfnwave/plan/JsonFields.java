package dev.cfnwave.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed, path-aware access to one JSON node, so that every problem names where it is. */
final class JsonFields {

  private static final int MAX_SECONDS = 365 * 24 * 3600;

  private final String source;
  private final String path;
  private final JsonNode node;

  private JsonFields(String source, String path, JsonNode node) {
    this.source = source;
    this.path = path;
    this.node = node;
  }

  static JsonFields object(String source, String path, JsonNode node) {
    JsonFields fields = new JsonFields(source, path, node);
    if (node == null || !node.isObject()) {
      throw fields.problem("must be an object, found " + kind(node));
    }
    return fields;
  }

  String path() {
    return path;
  }

  int size() {
    return node.size();
  }

  JsonFields at(String field) {
    return new JsonFields(source, path + "." + field, node.get(field));
  }

  PlanException problem(String message) {
    return new PlanException(source + ": " + path, message);
  }

  /** This object's field names, none when it is absent; else it must be {@code expected}. */
  List<String> fieldNames(String expected) {
    if (isAbsent(node)) {
      return List.of();
    }
    if (!node.isObject()) {
      throw problem("must be " + expected + ", found " + kind(node));
    }
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** A field of this object that must itself be an object. */
  JsonFields objectField(String field) {
    return object(source, path + "." + field, node.get(field));
  }

  JsonFields objectAt(int index) {
    return object(source, path + "[" + index + "]", node.get(index));
  }

  JsonFields requiredArray(String field) {
    JsonFields value = present(field);
    if (!value.node.isArray()) {
      throw value.problem("must be an array, found " + kind(value.node));
    }
    return value;
  }

  int requiredInt(String field, int minimum) {
    return checkedInt(present(field), minimum);
  }

  Integer optionalInt(String field, int minimum) {
    JsonFields value = at(field);
    return isAbsent(value.node) ? null : checkedInt(value, minimum);
  }

  String requiredId(String field) {
    return checkedId(present(field));
  }

  String optionalId(String field) {
    JsonFields value = at(field);
    return isAbsent(value.node) ? null : checkedId(value);
  }

  String optionalText(String field) {
    JsonFields value = at(field);
    return isAbsent(value.node) ? null : checkedText(value);
  }

  MemorySize optionalMemory(String field) {
    JsonFields value = at(field);
    if (isAbsent(value.node)) {
      return null;
    }
    if (!value.node.isTextual() && !value.node.isIntegralNumber()) {
      throw value.problem(
          "must be a memory size string such as \"512m\", found " + kind(value.node));
    }
    try {
      return MemorySize.parse(value.node.asText());
    } catch (IllegalArgumentException e) {
      throw value.problem(e.getMessage());
    }
  }

  /** An image reference in the docker CLI's grammar ({@link ImageReference}). */
  String optionalImage(String field) {
    JsonFields value = at(field);
    if (isAbsent(value.node)) {
      return null;
    }
    if (!value.node.isTextual()) {
      throw value.problem("must be an image reference string, found " + kind(value.node));
    }
    try {
      ImageReference.parse(value.node.textValue());
    } catch (IllegalArgumentException e) {
      throw value.problem(e.getMessage());
    }
    return value.node.textValue();
  }

  /** A positive number of seconds (fractions allowed), at most a year. */
  Duration optionalSeconds(String field) {
    JsonFields value = at(field);
    if (isAbsent(value.node)) {
      return null;
    }
    if (!value.node.isNumber()) {
      throw value.problem("must be a number of seconds, found " + kind(value.node));
    }
    double seconds = value.node.doubleValue();
    if (!(seconds > 0 && seconds <= MAX_SECONDS)) {
      throw value.problem(
          "must be more than 0 and at most " + MAX_SECONDS + ", found " + value.node);
    }
    return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
  }

  List<String> optionalStrings(String field) {
    JsonFields value = at(field);
    if (isAbsent(value.node)) {
      return List.of();
    }
    if (!value.node.isArray()) {
      throw value.problem("must be an array of strings, found " + kind(value.node));
    }
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < value.node.size(); i++) {
      strings.add(
          checkedText(new JsonFields(source, value.path + "[" + i + "]", value.node.get(i))));
    }
    return strings;
  }

  /** An optional array of ids; each element's path names its index. */
  List<String> optionalIds(String field) {
    JsonFields value = at(field);
    if (isAbsent(value.node)) {
      return List.of();
    }
    if (!value.node.isArray()) {
      throw value.problem("must be an array of batch ids, found " + kind(value.node));
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < value.node.size(); i++) {
      ids.add(checkedId(value.element(i)));
    }
    return ids;
  }

  /** An optional array of pool names ({@link PoolNames}); each element's path names its index. */
  List<String> optionalPoolNames(String field) {
    JsonFields value = at(field);
    if (isAbsent(value.node)) {
      return List.of();
    }
    if (!value.node.isArray()) {
      throw value.problem("must be an array of pool names, found " + kind(value.node));
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < value.node.size(); i++) {
      names.add(checkedPoolName(value.element(i)));
    }
    return names;
  }

  /** An optional object of pool names to how many attempts may use each at once (at least 1). */
  Map<String, Integer> optionalPools(String field) {
    JsonFields value = at(field);
    if (isAbsent(value.node)) {
      return Map.of();
    }
    if (!value.node.isObject()) {
      throw value.problem("must be an object of pool names to limits, found " + kind(value.node));
    }
    Map<String, Integer> pools = new LinkedHashMap<>();
    for (var names = value.node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      JsonFields limit = value.at(name);
      String problem = PoolNames.problemWith(name);
      if (problem != null) {
        throw limit.problem("pool name " + problem);
      }
      pools.put(name, checkedInt(limit, 1));
    }
    return pools;
  }

  private static String checkedPoolName(JsonFields value) {
    if (!value.node.isTextual()) {
      throw value.problem("must be a string, found " + kind(value.node));
    }
    String problem = PoolNames.problemWith(value.node.textValue());
    if (problem != null) {
      throw value.problem(problem);
    }
    return value.node.textValue();
  }

  /** The element at this index of an array field. */
  JsonFields element(int index) {
    return new JsonFields(source, path + "[" + index + "]", node.get(index));
  }

  private JsonFields present(String field) {
    JsonFields value = at(field);
    if (isAbsent(value.node)) {
      throw value.problem("missing");
    }
    return value;
  }

  private static int checkedInt(JsonFields value, int minimum) {
    if (!value.node.isIntegralNumber() || !value.node.canConvertToInt()) {
      throw value.problem("must be a whole number, found " + kind(value.node));
    }
    int number = value.node.intValue();
    if (number < minimum) {
      throw value.problem("must be at least " + minimum + ", found " + number);
    }
    return number;
  }

  private static String checkedId(JsonFields value) {
    if (!value.node.isTextual()) {
      throw value.problem("must be a string, found " + kind(value.node));
    }
    String problem = Identifiers.problemWith(value.node.textValue());
    if (problem != null) {
      throw value.problem(problem);
    }
    return value.node.textValue();
  }

  private static String checkedText(JsonFields value) {
    if (!value.node.isTextual()) {
      throw value.problem("must be a string, found " + kind(value.node));
    }
    if (value.node.textValue().indexOf('\0') >= 0) {
      throw value.problem("must not contain NUL characters");
    }
    return value.node.textValue();
  }

  private static boolean isAbsent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  private static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
