package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import dev.cfnwave.run.SpendLimits;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** run's spend budget: the most the attempts may report spending before no new one starts. */
final class SpendOptions {

  @InHelpGroup(HelpGroup.LIMITS_AND_SECURITY)
  @Option(
      names = "--max-cost",
      paramLabel = "USD",
      description =
          "Start no new attempt (retries included) once the attempts' result files report this"
              + " many dollars (usage.cost_usd) in all; running ones finish, batches not started"
              + " are skipped, the run exits 4 (budget_spent). Given with --resume: the new limit.")
  String maxCost;

  @InHelpGroup(HelpGroup.LIMITS_AND_SECURITY)
  @Option(
      names = "--max-usage",
      paramLabel = "KEY=N",
      description =
          "As --max-cost, for any usage key of the result files (output_tokens=2000000);"
              + " repeatable.")
  Map<String, String> maxUsage = new LinkedHashMap<>();

  /** Whether any limit was given on this command line. */
  boolean given() {
    return maxCost != null || !maxUsage.isEmpty();
  }

  /** The limits; a value that is not a number of 0 or more, or a bad key, is refused. */
  SpendLimits limits() {
    Map<String, BigDecimal> limits = new LinkedHashMap<>();
    if (maxCost != null) {
      limits.put(SpendLimits.COST, number("--max-cost", maxCost));
    }
    maxUsage.forEach(
        (key, value) -> {
          String option = "--max-usage " + key + "=" + value;
          if (!key.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new InputException(
                option, "the key must be a usage key of result files (letters, digits, _ . -)");
          }
          if (key.equals(SpendLimits.COST) && maxCost != null) {
            throw new InputException(option, "cost_usd is limited by --max-cost already");
          }
          limits.put(key, number(option, value));
        });
    return new SpendLimits(limits);
  }

  private static BigDecimal number(String option, String text) {
    BigDecimal value;
    try {
      value = new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new InputException(option, "must be a number of 0 or more, got '" + text + "'");
    }
    if (value.signum() < 0) {
      throw new InputException(option, "must not be negative, got " + text);
    }
    return value;
  }
}
