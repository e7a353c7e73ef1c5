package dev.cfnwave.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.cfnwave.report.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schemas of docs/schemas/, one per document cfn-wave reads or writes, and validation of
 * documents against them: the documented formats and the real outputs cannot drift apart.
 */
public final class JsonSchemas {

  /** Where the schemas live, from the project's root (Surefire's and Failsafe's working dir). */
  public static final Path DIRECTORY = Path.of("docs", "schemas");

  public static final String PLAN = "plan";
  public static final String SPAWN_MANIFEST = "spawn-manifest";
  public static final String MONITOR_RESULTS = "monitor-results";
  public static final String CLEANUP_REPORT = "cleanup-report";
  public static final String RUN_REPORT = "run-report";
  public static final String JOURNAL_LINE = "journal-line";
  public static final String INVOCATION = "invocation";
  public static final String ORCHESTRATOR = "orchestrator";
  public static final String MANIFEST_ENTRY = "manifest-entry";
  public static final String TIERS_SUGGESTION = "tiers-suggestion";
  public static final String IMAGES = "images";
  public static final String RUN_PREVIEW = "run-preview";
  public static final String RESULT_FILE = "result-file";
  public static final String RUN_STATUS = "run-status";
  public static final String RUNS = "runs";

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final Map<String, Schema> LOADED = new ConcurrentHashMap<>();

  private JsonSchemas() {}

  /** The schema file of a document, e.g. docs/schemas/plan.schema.json for "plan". */
  public static Path file(String name) {
    return DIRECTORY.resolve(name + ".schema.json");
  }

  /** What is wrong with the document, one line per problem; empty when it is valid. */
  public static List<String> problems(String name, JsonNode document) {
    Schema schema = LOADED.computeIfAbsent(name, JsonSchemas::load);
    return schema.validate(document).stream().map(Error::toString).toList();
  }

  /** Like {@link #problems(String, JsonNode)} for JSON text. */
  public static List<String> problems(String name, String json) {
    return problems(name, parse(json));
  }

  /**
   * Throws an AssertionError naming the schema, the problems and the document unless it is valid.
   */
  public static void requireValid(String name, String what, JsonNode document) {
    List<String> problems = problems(name, document);
    if (!problems.isEmpty()) {
      throw new AssertionError(
          what
              + " does not match "
              + file(name)
              + ":\n  "
              + String.join("\n  ", problems)
              + "\n"
              + document.toPrettyString());
    }
  }

  /** Reads a file and requires it to match the schema. */
  public static void requireValidFile(String name, Path file) {
    try {
      requireValid(name, file.toString(), parse(Files.readString(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }

  private static Schema load(String name) {
    try {
      return REGISTRY.getSchema(Json.MAPPER.readTree(Files.readString(file(name))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the schema " + file(name), e);
    }
  }
}
