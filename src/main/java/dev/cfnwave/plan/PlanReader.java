package dev.cfnwave.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads and validates a wave plan. Every problem is reported as one line naming the file and the
 * JSON path; unknown fields are tolerated because the format is meant to grow.
 */
public final class PlanReader {

  /** Docker refuses a smaller memory limit at create time, after other batches started. */
  static final MemorySize ENGINE_MINIMUM = MemorySize.ofMebibytes(6);

  /** Duplicate keys and anything after the plan (a second plan, a stray brace) are refused. */
  private static final ObjectMapper STRICT_JSON =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final TierTable tiers;
  private final Consumer<String> warnings;

  public PlanReader(TierTable tiers, Consumer<String> warnings) {
    this.tiers = tiers;
    this.warnings = warnings;
  }

  /**
   * @throws PlanException naming the file and JSON path of the first problem found
   */
  public WavePlan read(Path file) {
    String source = file.toString();
    return parse(source, readTree(file, source));
  }

  static JsonNode readTree(Path file, String source) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new PlanException(source, "file not found");
    } catch (IOException e) {
      throw new PlanException(source, "cannot read: " + e.getMessage());
    }
    JsonNode root = JsonDocuments.readTree(STRICT_JSON, source, content);
    if (root == null || root.isMissingNode()) {
      throw new PlanException(source + ": $", "empty file, expected a JSON object");
    }
    return root;
  }

  /** Parses plan text (for tools and tests; files go through {@link #read(Path)}). */
  public WavePlan parse(String source, String json) {
    return parse(source, JsonDocuments.readTree(STRICT_JSON, source, json));
  }

  WavePlan parse(String source, JsonNode root) {
    // a refused plan is one line on stderr: warnings are only passed on once the plan is valid
    List<String> pending = new ArrayList<>();
    WavePlan plan = new PlanReader(tiers, pending::add).validate(source, root);
    pending.forEach(warnings);
    return plan;
  }

  private WavePlan validate(String source, JsonNode root) {
    JsonFields plan = JsonFields.object(source, "$", root);
    String taskId = plan.optionalId("task_id");
    Map<String, Integer> pools = plan.optionalPools("pools");
    GroupCheck groups = new GroupCheck(plan);
    JsonFields waves = plan.requiredArray("waves");
    if (waves.size() == 0) {
      throw waves.problem("must hold at least one wave");
    }
    List<Wave> result = new ArrayList<>();
    Map<Integer, String> waveNumbers = new HashMap<>();
    Map<String, String> batchIds = new HashMap<>();
    DependencyCheck dependencies = new DependencyCheck();
    for (int i = 0; i < waves.size(); i++) {
      JsonFields wave = waves.objectAt(i);
      int number = wave.requiredInt("wave_number", 0);
      String earlier = waveNumbers.putIfAbsent(number, wave.path());
      if (earlier != null) {
        throw wave.at("wave_number")
            .problem("duplicate wave_number " + number + " (also " + earlier + ")");
      }
      wave.optionalInt("batch_count", 0);
      wave.optionalInt("parallelism", 0);
      wave.optionalMemory("memory_needed");
      JsonFields batches = wave.requiredArray("batches");
      Wave read = new Wave(number, batches(batches, batchIds));
      requireTotal(batches, read);
      result.add(read);
      for (int j = 0; j < batches.size(); j++) {
        Batch b = read.batches().get(j);
        dependencies.add(b.batchId(), i, b.dependsOn(), batches.objectAt(j).at("depends_on"));
        requireKnownPools(b.uses(), pools, batches.objectAt(j).at("uses"));
        groups.add(
            b.batchId(), batches.objectAt(j).optionalId("group"), batches.objectAt(j).at("group"));
      }
    }
    dependencies.check();
    return new WavePlan(source, taskId, result, pools, groups.check(warnings));
  }

  private static void requireKnownPools(
      List<String> uses, Map<String, Integer> pools, JsonFields field) {
    for (int k = 0; k < uses.size(); k++) {
      if (!pools.containsKey(uses.get(k))) {
        throw field
            .element(k)
            .problem(
                "unknown pool '"
                    + uses.get(k)
                    + "' (the plan's pools: "
                    + (pools.isEmpty() ? "none" : String.join(", ", pools.keySet()))
                    + ")");
      }
      if (uses.indexOf(uses.get(k)) != k) {
        throw field.element(k).problem("pool '" + uses.get(k) + "' named twice");
      }
    }
  }

  private List<Batch> batches(JsonFields array, Map<String, String> seenIds) {
    if (array.size() == 0) {
      throw array.problem("must hold at least one batch");
    }
    List<Batch> batches = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonFields batch = array.objectAt(i);
      String id = batch.requiredId("batch_id");
      String earlier = seenIds.putIfAbsent(id, batch.path());
      if (earlier != null) {
        throw batch
            .at("batch_id")
            .problem("duplicate batch_id '" + id + "' (also " + earlier + ")");
      }
      Integer tier = batch.optionalInt("tier", 1);
      MemorySize memory = batch.optionalMemory("memory");
      batches.add(
          new Batch(
              id,
              tier,
              memoryLimit(batch, id, tier, memory),
              batch.optionalStrings("files"),
              batch.optionalText("task_prompt"),
              batch.optionalSeconds("expected_seconds"),
              batch.optionalImage("image"),
              batch.optionalIds("depends_on"),
              batch.optionalPoolNames("uses")));
    }
    return batches;
  }

  /** spawn reports each wave's total memory: limits that cannot be added up are refused here. */
  private static void requireTotal(JsonFields batches, Wave wave) {
    try {
      wave.totalMemory();
    } catch (ArithmeticException e) {
      throw batches.problem(
          "the memory limits add up to more than " + Long.MAX_VALUE + " bytes (8 EiB)");
    }
  }

  private MemorySize memoryLimit(JsonFields batch, String id, Integer tier, MemorySize memory) {
    MemorySize limit = resolvedLimit(batch, id, tier, memory);
    if (limit.compareTo(ENGINE_MINIMUM) < 0) {
      String source =
          tier == null ? "" : " (tier " + tier + " gives it; CFN_TIER_" + tier + "_MEMORY sets it)";
      throw batch
          .at(tier == null ? "memory" : "tier")
          .problem(
              "memory limit "
                  + limit.dockerForm()
                  + source
                  + " is below the engine's minimum of "
                  + ENGINE_MINIMUM.dockerForm());
    }
    return limit;
  }

  private MemorySize resolvedLimit(JsonFields batch, String id, Integer tier, MemorySize memory) {
    if (tier == null) {
      if (memory == null) {
        throw batch.problem("batch '" + id + "' needs a tier or a memory");
      }
      return memory;
    }
    MemorySize limit =
        tiers
            .limitOf(tier)
            .orElseThrow(
                () ->
                    batch
                        .at("tier")
                        .problem(
                            "unknown tier " + tier + " (known: " + tiers.asMap().keySet() + ")"));
    if (memory != null && !memory.equals(limit)) {
      warnings.accept(
          batch.path()
              + ": batch '"
              + id
              + "' has memory "
              + memory.dockerForm()
              + " but tier "
              + tier
              + " gives "
              + limit.dockerForm()
              + "; the tier wins");
    }
    return limit;
  }
}
