package dev.cfnwave.cli;

import dev.cfnwave.image.PullPolicy;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.render.ReportFormat;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.run.admission.Schedule;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Turns option values into the project's types, registered once on the whole command tree: a
 * Duration is a positive number of seconds (options that allow 0 say so with {@link
 * SecondsOrZero}), a MemorySize reads as the plan's sizes do, an enum by its lower-case name
 * ({@link RetriedStatus} for --retry-on). A bad value, from a flag or its CFN_* variable, is then a
 * usage error naming the option.
 */
final class Converters {

  private Converters() {}

  static void registerOn(CommandLine commandLine) {
    commandLine.registerConverter(Duration.class, new PositiveSeconds());
    commandLine.registerConverter(MemorySize.class, Converters::memorySize);
    commandLine.registerConverter(Schedule.class, text -> lowerCase(Schedule.class, text));
    commandLine.registerConverter(PullPolicy.class, text -> lowerCase(PullPolicy.class, text));
    commandLine.registerConverter(ReportFormat.class, text -> lowerCase(ReportFormat.class, text));
  }

  /** A number of seconds greater than 0, such as 30 or 0.5. */
  static final class PositiveSeconds implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      Duration duration = toDuration(seconds(text));
      if (duration.isNegative() || duration.isZero()) {
        throw new TypeConversionException(
            "must be a positive number of seconds, got '" + text + "'");
      }
      return duration;
    }
  }

  /** An outcome that can be retried: any but success and rejected (a retry cannot help). */
  static final class RetriedStatus implements ITypeConverter<ExitStatus> {
    @Override
    public ExitStatus convert(String text) {
      ExitStatus status = EXIT_STATUSES.get(text.trim().toLowerCase(Locale.ROOT));
      if (status == null || !retriable(status)) {
        throw new TypeConversionException(
            "expected failed, oom_killed or timeout, got '" + text + "'");
      }
      return status;
    }
  }

  /**
   * Completion candidates of an enum option: the lower-case names its converter takes (picocli
   * would offer the constants' names, WAVES, which the converter takes too but nobody types).
   */
  abstract static class LowerCaseNames implements Iterable<String> {
    private final List<String> names;

    LowerCaseNames(List<String> names) {
      this.names = List.copyOf(names);
    }

    LowerCaseNames(Class<? extends Enum<?>> type) {
      this(Arrays.stream(type.getEnumConstants()).map(c -> lowerCase(c.name())).toList());
    }

    @Override
    public Iterator<String> iterator() {
      return names.iterator();
    }
  }

  static final class ScheduleNames extends LowerCaseNames {
    ScheduleNames() {
      super(Schedule.class);
    }
  }

  static final class PullPolicyNames extends LowerCaseNames {
    PullPolicyNames() {
      super(PullPolicy.class);
    }
  }

  static final class ReportFormatNames extends LowerCaseNames {
    ReportFormatNames() {
      super(ReportFormat.class);
    }
  }

  /** What {@link RetriedStatus} takes. */
  static final class RetriedStatusNames extends LowerCaseNames {
    RetriedStatusNames() {
      super(
          Arrays.stream(ExitStatus.values())
              .filter(Converters::retriable)
              .map(ExitStatus::wireName)
              .toList());
    }
  }

  /**
   * Success needs no retry, a rejection cannot be helped by one, a rate limit or cancel needs none.
   */
  private static boolean retriable(ExitStatus status) {
    return status != ExitStatus.SUCCESS
        && status != ExitStatus.REJECTED
        && status != ExitStatus.RATE_LIMITED
        && status != ExitStatus.CANCELLED;
  }

  private static String lowerCase(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private static final Map<String, ExitStatus> EXIT_STATUSES =
      Arrays.stream(ExitStatus.values())
          .collect(Collectors.toMap(ExitStatus::wireName, status -> status));

  /** A number of seconds, 0 or more. */
  static final class SecondsOrZero implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      double seconds = seconds(text);
      if (seconds < 0) {
        throw new TypeConversionException("must not be negative, got '" + text + "'");
      }
      return toDuration(seconds);
    }
  }

  /** A whole number, 0 or more, refused while the command line is read (before any engine call). */
  static final class CountOrZero implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String text) {
      int count;
      try {
        count = Integer.parseInt(text.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("expected a whole number, got '" + text + "'");
      }
      if (count < 0) {
        throw new TypeConversionException("must not be negative, got '" + text + "'");
      }
      return count;
    }
  }

  private static double seconds(String text) {
    try {
      double seconds = Double.parseDouble(text.trim());
      if (Double.isFinite(seconds)) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // the message below says what is expected
    }
    throw new TypeConversionException("expected a number of seconds, got '" + text + "'");
  }

  private static Duration toDuration(double seconds) {
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  private static MemorySize memorySize(String text) {
    try {
      return MemorySize.parse(text);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  private static <E extends Enum<E>> E lowerCase(Class<E> type, String text) {
    try {
      return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("expected " + choices(type) + ", got '" + text + "'");
    }
  }

  private static <E extends Enum<E>> String choices(Class<E> type) {
    String[] names =
        Arrays.stream(type.getEnumConstants())
            .map(c -> c.name().toLowerCase(Locale.ROOT))
            .toArray(String[]::new);
    return names.length == 1
        ? names[0]
        : Arrays.stream(names, 0, names.length - 1).collect(Collectors.joining(", "))
            + " or "
            + names[names.length - 1];
  }
}
