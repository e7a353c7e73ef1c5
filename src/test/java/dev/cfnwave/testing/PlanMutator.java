package dev.cfnwave.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Breaks a valid plan in one random way: a field deleted, a value of the wrong type, null, a huge,
 * negative or fractional number, a hostile string, duplicate ids, an emptied array, the text cut
 * short, random characters or bytes put in, nesting or numbers past the parser's limits, garbage
 * after the plan.
 */
public final class PlanMutator {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * A broken plan: its bytes and what was done. {@code text} is false when the bytes need not be
   * UTF-8 (random bytes went in); {@code refused} is true when no reader may accept the result.
   */
  public record Mutant(String mutation, byte[] bytes, boolean text, boolean refused) {

    public String asText() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return mutation + ": " + asText();
    }
  }

  /** One place in the tree: a field of an object or an element of an array. */
  private record Slot(ContainerNode<?> parent, String field, int index, String path) {

    JsonNode value() {
      return field != null ? parent.get(field) : parent.get(index);
    }

    void set(JsonNode value) {
      if (field != null) {
        ((ObjectNode) parent).set(field, value);
      } else {
        ((ArrayNode) parent).set(index, value);
      }
    }
  }

  private PlanMutator() {}

  /** How many kinds of mutation there are; some are more likely than others. */
  public static final int KINDS = 15;

  public static Mutant mutate(Random random, PlanGenerator.GeneratedPlan plan) {
    return mutate(random, plan, random.nextInt(KINDS));
  }

  /** The mutation of the given kind, 0 to {@link #KINDS} - 1. */
  public static Mutant mutate(Random random, PlanGenerator.GeneratedPlan plan, int kind) {
    ObjectNode tree = plan.json().deepCopy();
    String text = plan.text(random.nextBoolean());
    return switch (kind) {
      case 0, 1 -> deleteField(random, tree);
      case 2, 3, 4, 5 -> replaceValue(random, tree);
      case 6 -> duplicateId(random, tree);
      case 7 -> emptyArray(random, tree);
      case 8 -> truncate(random, text);
      case 9 -> injectChars(random, text);
      case 10 -> injectBytes(random, text);
      case 11 -> beyondParserLimits(random, text);
      case 12 -> trailingGarbage(random, text);
      case 13 -> hugeMemory(random, tree);
      default -> duplicateKey(random, text);
    };
  }

  private static Mutant deleteField(Random random, ObjectNode tree) {
    List<Slot> fields = slots(tree).stream().filter(s -> s.field() != null).toList();
    Slot slot = HostileText.pick(random, fields);
    ((ObjectNode) slot.parent()).remove(slot.field());
    return tree("deleted " + slot.path(), tree);
  }

  private static Mutant replaceValue(Random random, ObjectNode tree) {
    List<Slot> all = slots(tree);
    JsonNode value = badValue(random);
    if (random.nextInt(20) == 0) {
      return tree("replaced $ with " + value, value);
    }
    Slot slot = HostileText.pick(random, all);
    slot.set(value);
    return tree("replaced " + slot.path() + " with " + Tries.shown(value), tree);
  }

  private static Mutant duplicateId(Random random, ObjectNode tree) {
    List<ObjectNode> batches = new ArrayList<>();
    List<ObjectNode> waves = new ArrayList<>();
    tree.get("waves")
        .forEach(
            w -> {
              waves.add((ObjectNode) w);
              w.get("batches").forEach(b -> batches.add((ObjectNode) b));
            });
    if (random.nextBoolean() && waves.size() > 1) {
      int from = random.nextInt(waves.size());
      int to = (from + 1 + random.nextInt(waves.size() - 1)) % waves.size();
      waves.get(to).set("wave_number", waves.get(from).get("wave_number"));
      return refused("wave_number of " + from + " copied to " + to, tree);
    }
    if (batches.size() > 1) {
      int from = random.nextInt(batches.size());
      int to = (from + 1 + random.nextInt(batches.size() - 1)) % batches.size();
      batches.get(to).set("batch_id", batches.get(from).get("batch_id"));
      return refused("batch_id of " + from + " copied to " + to, tree);
    }
    ArrayNode first = (ArrayNode) tree.get("waves").get(0).get("batches");
    first.add(first.get(0).deepCopy());
    return refused("batch repeated", tree);
  }

  private static Mutant emptyArray(Random random, ObjectNode tree) {
    List<Slot> arrays = slots(tree).stream().filter(s -> s.value().isArray()).toList();
    Slot slot = HostileText.pick(random, arrays);
    ((ArrayNode) slot.value()).removeAll();
    String what = "emptied " + slot.path();
    return slot.path().endsWith("waves") || slot.path().endsWith("batches")
        ? refused(what, tree)
        : tree(what, tree);
  }

  private static Mutant hugeMemory(Random random, ObjectNode tree) {
    List<ObjectNode> batches = new ArrayList<>();
    tree.get("waves").forEach(w -> w.get("batches").forEach(b -> batches.add((ObjectNode) b)));
    ObjectNode batch = HostileText.pick(random, batches);
    batch.remove("tier");
    String size = HostileText.pick(random, List.of("8388607t", "8191p", "9223372036854775807"));
    batch.put("memory", size);
    return tree("memory " + size + " without a tier", tree);
  }

  private static Mutant truncate(Random random, String text) {
    int at = random.nextInt(text.strip().length());
    return refused("cut at " + at, text.substring(0, at));
  }

  private static Mutant injectChars(Random random, String text) {
    int at = random.nextInt(text.length() + 1);
    String junk =
        random.nextBoolean()
            ? HostileText.any(random)
            : String.valueOf((char) random.nextInt(Character.MAX_VALUE + 1));
    return text("put " + Tries.shown(junk) + " at " + at, splice(text, at, junk));
  }

  private static Mutant injectBytes(Random random, String text) {
    byte[] original = text.getBytes(StandardCharsets.UTF_8);
    // position 0 matters: the first bytes decide the encoding the parser assumes
    int at = random.nextInt(4) == 0 ? 0 : random.nextInt(original.length + 1);
    byte[] junk = new byte[1 + random.nextInt(8)];
    random.nextBytes(junk);
    if (at == 0 && random.nextBoolean()) {
      junk = new byte[] {0, 0, 0};
    }
    byte[] bytes = new byte[original.length + junk.length];
    System.arraycopy(original, 0, bytes, 0, at);
    System.arraycopy(junk, 0, bytes, at, junk.length);
    System.arraycopy(original, at, bytes, at + junk.length, original.length - at);
    return new Mutant(junk.length + " random bytes at " + at, bytes, false, false);
  }

  private static Mutant beyondParserLimits(Random random, String text) {
    int depth = 1001 + random.nextInt(500);
    String deep = "[".repeat(depth) + "]".repeat(depth);
    String number = "9".repeat(1001 + random.nextInt(2000));
    String value = random.nextBoolean() ? deep : number;
    int brace = text.indexOf('{');
    return refused(
        "a value of " + value.length() + " chars",
        splice(text, brace + 1, "\"x-limit\": " + value + ","));
  }

  private static Mutant trailingGarbage(Random random, String text) {
    String garbage =
        HostileText.pick(random, List.of("x", "}", "]", ",", "{}", text, "null", "\"s\"", "1"));
    return refused("followed by " + Tries.shown(garbage), text + garbage);
  }

  private static Mutant duplicateKey(Random random, String text) {
    String key = HostileText.pick(random, List.of("task_id", "waves", "x"));
    int brace = text.indexOf('{');
    String twice = splice(text, brace + 1, "\"" + key + "\": 1, \"" + key + "\": 2,");
    return refused("key " + key + " twice", twice);
  }

  private static JsonNode badValue(Random random) {
    List<Function<Random, JsonNode>> makers =
        List.of(
            r -> NODES.nullNode(),
            r -> NODES.booleanNode(r.nextBoolean()),
            r -> NODES.arrayNode().add(1),
            r -> NODES.objectNode().put("a", 1),
            r -> NODES.arrayNode(),
            r -> NODES.objectNode(),
            r -> NODES.numberNode(HostileText.pick(r, List.of(0, -1, Integer.MIN_VALUE))),
            r -> NODES.numberNode(HostileText.pick(r, List.of(Integer.MAX_VALUE + 1L, -1L << 40))),
            r -> NODES.numberNode(HostileText.pick(r, List.of(Long.MAX_VALUE, Long.MIN_VALUE))),
            r ->
                NODES.numberNode(
                    BigInteger.TEN.pow(30).multiply(BigInteger.valueOf(r.nextInt(3) - 1))),
            r -> NODES.numberNode(HostileText.pick(r, List.of(0.5, 1.5, -0.0, 1e-300, 3.0, -2.5))),
            r -> NODES.numberNode(new BigDecimal("1e400")),
            r -> NODES.numberNode(new BigDecimal("-1e400")),
            r -> NODES.textNode(HostileText.any(r)),
            r -> NODES.textNode(HostileText.any(r)),
            r ->
                NODES.textNode(
                    HostileText.pick(
                        r,
                        List.of(
                            "512m",
                            "0m",
                            "-1g",
                            "1e3m",
                            "99999999999999999999t",
                            "NaN",
                            "1",
                            "1.5",
                            " 512m ",
                            "512 m",
                            "tier"))));
    return HostileText.pick(random, makers).apply(random);
  }

  /** Every field and array element under the root, with its JSON path. */
  private static List<Slot> slots(ObjectNode root) {
    List<Slot> out = new ArrayList<>();
    collect(root, "$", out);
    return out;
  }

  private static void collect(JsonNode node, String path, List<Slot> out) {
    if (node instanceof ObjectNode object) {
      for (var it = object.fieldNames(); it.hasNext(); ) {
        String field = it.next();
        String childPath = path + "." + field;
        out.add(new Slot(object, field, -1, childPath));
        collect(object.get(field), childPath, out);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        String childPath = path + "[" + i + "]";
        out.add(new Slot(array, null, i, childPath));
        collect(array.get(i), childPath, out);
      }
    }
  }

  private static Mutant tree(String mutation, JsonNode tree) {
    return text(mutation, tree.toString());
  }

  private static Mutant text(String mutation, String text) {
    return new Mutant(mutation, text.getBytes(StandardCharsets.UTF_8), true, false);
  }

  private static Mutant refused(String mutation, JsonNode tree) {
    return refused(mutation, tree.toString());
  }

  private static Mutant refused(String mutation, String text) {
    return new Mutant(mutation, text.getBytes(StandardCharsets.UTF_8), true, true);
  }

  private static String splice(String text, int at, String insert) {
    return text.substring(0, at) + insert + text.substring(at);
  }
}
