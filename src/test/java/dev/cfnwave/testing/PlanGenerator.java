package dev.cfnwave.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Valid wave plans, built as JSON with Jackson from random parts, together with what reading them
 * must give. Ids are valid but hostile (path escapes, shell syntax, Unicode, 1 to 200 chars);
 * prompts and files may hold anything but NUL.
 */
public final class PlanGenerator {

  public static final ObjectMapper JSON = new ObjectMapper();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final long MIB = 1024L * 1024;

  /** The default tier table's limits in MiB (tiers 1 to 4). */
  private static final long[] TIER_MIB = {512, 600, 800, 1024};

  /** What a batch must read as. */
  public record ExpectedBatch(
      String id,
      Integer tier,
      long memoryBytes,
      List<String> files,
      String prompt,
      Long expectedMillis,
      String image) {}

  public record ExpectedWave(int number, List<ExpectedBatch> batches) {}

  /** A plan as JSON and what reading it must give. */
  public record GeneratedPlan(ObjectNode json, String taskId, List<ExpectedWave> waves) {

    /** The JSON text, compact or indented. */
    public String text(boolean pretty) {
      try {
        return pretty
            ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json)
            : JSON.writeValueAsString(json);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public String toString() {
      return text(false);
    }
  }

  /**
   * How big plans get and what prompts hold: {@code prompt} makes a batch's prompt (the integration
   * tests make runnable shell from it).
   */
  public record Shape(
      int maxWaves, int maxBatches, long maxMemoryMib, Function<Random, String> prompt) {}

  /** Plans for unit tests: up to 4 waves of up to 4 batches, any prompt text. */
  public static final Shape UNIT = new Shape(4, 4, 64 * 1024, PlanGenerator::anyText);

  private PlanGenerator() {}

  public static GeneratedPlan plan(Random random) {
    return plan(random, UNIT);
  }

  public static GeneratedPlan plan(Random random, Shape shape) {
    ObjectNode root = NODES.objectNode();
    String taskId = null;
    if (random.nextInt(4) > 0) {
      taskId = id(random);
      root.put("task_id", taskId);
    }
    maybeUnknownField(random, root);
    ArrayNode waves = root.putArray("waves");
    List<ExpectedWave> expected = new ArrayList<>();
    Set<Integer> numbers = new HashSet<>();
    Set<String> ids = new HashSet<>();
    int waveCount = 1 + random.nextInt(shape.maxWaves());
    while (expected.size() < waveCount) {
      int number = waveNumber(random);
      if (numbers.add(number)) {
        expected.add(wave(random, shape, waves.addObject(), number, ids));
      }
    }
    return new GeneratedPlan(root, taskId, expected);
  }

  private static ExpectedWave wave(
      Random random, Shape shape, ObjectNode wave, int number, Set<String> ids) {
    wave.put("wave_number", number);
    int batchCount = 1 + random.nextInt(shape.maxBatches());
    if (random.nextBoolean()) {
      wave.put("batch_count", random.nextBoolean() ? batchCount : random.nextInt(100));
    }
    if (random.nextBoolean()) {
      wave.put("parallelism", random.nextInt(50));
    }
    if (random.nextBoolean()) {
      wave.put("memory_needed", memorySpelling(random, 1 + random.nextInt(100_000)));
    }
    maybeUnknownField(random, wave);
    ArrayNode batches = wave.putArray("batches");
    List<ExpectedBatch> expected = new ArrayList<>();
    while (expected.size() < batchCount) {
      String id = id(random);
      if (ids.add(id)) {
        expected.add(batch(random, shape, batches.addObject(), id));
      }
    }
    return new ExpectedWave(number, expected);
  }

  private static ExpectedBatch batch(Random random, Shape shape, ObjectNode batch, String id) {
    batch.put("batch_id", id);
    Integer tier = null;
    long memoryBytes;
    int form = random.nextInt(3);
    if (form == 0 || form == 1) {
      tier = 1 + random.nextInt(4);
      batch.put("tier", tier);
      memoryBytes = TIER_MIB[tier - 1] * MIB;
      if (form == 1) {
        // a memory beside a tier is allowed; the tier wins (with a warning when they disagree)
        batch.put("memory", memorySpelling(random, 6 + random.nextInt(4096)));
      }
    } else {
      long mib = 6 + (long) random.nextInt((int) Math.min(Integer.MAX_VALUE, shape.maxMemoryMib()));
      memoryBytes = mib * MIB;
      if (random.nextInt(5) == 0) {
        batch.put("memory", memoryBytes);
      } else {
        batch.put("memory", memorySpelling(random, mib));
      }
      if (random.nextBoolean()) {
        batch.putNull("tier");
      }
    }
    List<String> files = new ArrayList<>();
    if (random.nextInt(4) > 0) {
      ArrayNode array = batch.putArray("files");
      for (int i = random.nextInt(4); i > 0; i--) {
        String file = anyText(random);
        files.add(file);
        array.add(file);
      }
    }
    String prompt = "";
    if (random.nextInt(4) > 0) {
      prompt = shape.prompt().apply(random);
      batch.put("task_prompt", prompt);
    }
    Long expectedMillis = null;
    if (random.nextInt(3) == 0) {
      expectedMillis = 1 + (long) (random.nextDouble() * 31_536_000_000L);
      batch.put("expected_seconds", BigDecimal.valueOf(expectedMillis, 3));
    }
    String image = null;
    if (random.nextInt(4) == 0) {
      image = ImageNames.valid(random);
      batch.put("image", image);
    }
    maybeUnknownField(random, batch);
    return new ExpectedBatch(id, tier, memoryBytes, files, prompt, expectedMillis, image);
  }

  /** A valid id: 1 to 200 chars, no control characters, often hostile. */
  public static String id(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> "batch-" + random.nextInt(1000);
      case 1 -> HostileText.longString(random, 1 + random.nextInt(200));
      case 2 -> HostileText.pick(random, HostileText.PRINTABLE);
      default -> HostileText.printable(random, 8);
    };
  }

  /** Prompt or file text: anything but NUL, newlines and Unicode included. */
  public static String anyText(Random random) {
    String text =
        random.nextBoolean()
            ? HostileText.printable(random, 10)
            : HostileText.withControl(random, HostileText.printable(random, 10));
    return text.replace("\0", "");
  }

  private static int waveNumber(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> Integer.MAX_VALUE - random.nextInt(3);
      case 1 -> random.nextInt(Integer.MAX_VALUE);
      default -> random.nextInt(20);
    };
  }

  /** The same number of MiB in one of the spellings plans use. */
  static String memorySpelling(Random random, long mib) {
    return switch (random.nextInt(8)) {
      case 0 -> mib + "m";
      case 1 -> mib + "MiB";
      case 2 -> mib + "mb";
      case 3 -> mib * 1024 + "k";
      case 4 -> String.valueOf(mib * MIB);
      case 5 -> mib % 1024 == 0 ? mib / 1024 + "g" : mib + "M";
      case 6 -> BigDecimal.valueOf(mib).divide(BigDecimal.valueOf(1024)).toPlainString() + "GiB";
      default -> " " + mib + " m ";
    };
  }

  private static void maybeUnknownField(Random random, ObjectNode node) {
    if (random.nextInt(5) == 0) {
      String name = "x-" + HostileText.printable(random, 3);
      switch (random.nextInt(3)) {
        case 0 -> node.put(name, HostileText.any(random).replace("\0", ""));
        case 1 -> node.putArray(name).add(1).addNull();
        default -> node.putObject(name).put("tier", "not mine");
      }
    }
  }

  /** Every batch id of the plan, in plan order. */
  public static List<String> batchIds(GeneratedPlan plan) {
    Set<String> ids = new LinkedHashSet<>();
    plan.waves().forEach(w -> w.batches().forEach(b -> ids.add(b.id())));
    return List.copyOf(ids);
  }
}
