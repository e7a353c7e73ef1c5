package dev.cfnwave.testing;

import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a property over generated inputs: many tries from one seed, so every run checks the same
 * inputs and a failure can be repeated. A failure names its try's own seed; {@code
 * -Dcfn.tries.seed=S -Dcfn.tries.count=1} runs exactly that input again, and {@code
 * -Dcfn.tries.seed=random} explores new inputs.
 */
public final class Tries {

  private static final int SHOWN_INPUT = 2000;

  private Tries() {}

  /** Checks {@code property} on {@code tries} inputs made by {@code generator}. */
  public static <T> void forAll(
      long seed, int tries, Function<Random, T> generator, Consumer<T> property) {
    long first = seedFrom(seed);
    Random seeds = new Random(first);
    int count = Integer.getInteger("cfn.tries.count", tries);
    for (int i = 1; i <= count; i++) {
      long trySeed = i == 1 ? first : seeds.nextLong();
      T input = generator.apply(new Random(trySeed));
      try {
        property.accept(input);
      } catch (Throwable failure) {
        throw new AssertionError(
            "try "
                + i
                + " of "
                + count
                + " failed: "
                + failure.getMessage()
                + "\nrepeat it with -Dcfn.tries.seed="
                + trySeed
                + " -Dcfn.tries.count=1; the input: "
                + shown(input),
            failure);
      }
    }
  }

  /** The seed a run uses: the property's own, unless -Dcfn.tries.seed gives one (or random). */
  private static long seedFrom(long fixed) {
    String given = System.getProperty("cfn.tries.seed");
    if (given == null || given.isBlank()) {
      return fixed;
    }
    if (given.equals("random")) {
      long seed = new Random().nextLong();
      System.err.println("Tries: seed " + seed);
      return seed;
    }
    return Long.parseLong(given);
  }

  /** The input with control characters made visible and cut, so the report stays readable. */
  public static String shown(Object input) {
    StringBuilder out = new StringBuilder();
    String text = String.valueOf(input);
    for (int i = 0; i < text.length() && out.length() < SHOWN_INPUT; i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return text.length() > SHOWN_INPUT ? out + "... (" + text.length() + " chars)" : out.toString();
  }
}
