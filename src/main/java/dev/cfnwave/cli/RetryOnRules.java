package dev.cfnwave.cli;

import dev.cfnwave.report.ExitStatus;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One --retry-on value: outcome classes and exit codes, comma-separated, as in {@code
 * oom_killed,exit:1,137}; the numbers after an {@code exit:} are exit codes until the next class.
 */
record RetryOnRules(Set<ExitStatus> statuses, Set<Long> exitCodes) {

  /** The highest exit code a container can end with. */
  static final long MAX_EXIT_CODE = 255;

  RetryOnRules {
    statuses = Set.copyOf(statuses);
    exitCodes = Set.copyOf(exitCodes);
  }

  /** All of these values together (--retry-on given more than once). */
  static RetryOnRules merged(List<RetryOnRules> values) {
    Set<ExitStatus> statuses = new LinkedHashSet<>();
    Set<Long> codes = new LinkedHashSet<>();
    for (RetryOnRules value : values) {
      statuses.addAll(value.statuses());
      codes.addAll(value.exitCodes());
    }
    return new RetryOnRules(statuses, codes);
  }

  /** Parses one value; a bad item is a conversion error naming it. */
  static final class Converter implements ITypeConverter<RetryOnRules> {
    private final Converters.RetriedStatus status = new Converters.RetriedStatus();

    @Override
    public RetryOnRules convert(String text) {
      Set<ExitStatus> statuses = new LinkedHashSet<>();
      Set<Long> codes = new LinkedHashSet<>();
      boolean inExitCodes = false;
      for (String raw : text.split(",", -1)) {
        String item = raw.trim();
        if (item.startsWith("exit:")) {
          codes.add(exitCode(item.substring("exit:".length()), text));
          inExitCodes = true;
        } else if (inExitCodes && !item.isEmpty() && Character.isDigit(item.charAt(0))) {
          codes.add(exitCode(item, text));
        } else {
          try {
            statuses.add(status.convert(item));
          } catch (TypeConversionException e) {
            throw new TypeConversionException(
                "expected failed, oom_killed, timeout or exit:CODE[,CODE...], got '"
                    + item
                    + "' in '"
                    + text
                    + "'");
          }
          inExitCodes = false;
        }
      }
      return new RetryOnRules(statuses, codes);
    }

    private static long exitCode(String digits, String text) {
      long code;
      try {
        code = Long.parseLong(digits.trim());
      } catch (NumberFormatException e) {
        code = -1;
      }
      if (code < 1 || code > MAX_EXIT_CODE) {
        throw new TypeConversionException(
            "an exit code is a number from 1 to 255, got '" + digits + "' in '" + text + "'");
      }
      return code;
    }
  }
}
