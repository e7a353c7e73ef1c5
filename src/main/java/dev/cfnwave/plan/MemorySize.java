package dev.cfnwave.plan;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A positive amount of memory in bytes, parsed from Docker-style strings such as 512m or 14.5GB.
 */
public record MemorySize(long bytes) implements Comparable<MemorySize> {

  private static final long KIB = 1024L;
  private static final long MIB = KIB * 1024;
  private static final long GIB = MIB * 1024;
  private static final long TIB = GIB * 1024;
  private static final Pattern FORM =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?b?)", Pattern.CASE_INSENSITIVE);

  public MemorySize {
    if (bytes <= 0) {
      throw new IllegalArgumentException("memory size must be positive, got " + bytes);
    }
  }

  /**
   * Parses 100 (bytes), 512m, 1g, 14.5GB, 600MiB and the like. Units are binary, as Docker reads
   * them: m, mb and mib all mean 1024*1024 bytes.
   *
   * @throws IllegalArgumentException when the text is not a positive size
   */
  public static MemorySize parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("memory size is missing");
    }
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a memory size (examples: 512m, 1g, 14.5GB, 600MiB, 100)");
    }
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    if (unit.isEmpty() && m.group(3).equalsIgnoreCase("i")) {
      throw new IllegalArgumentException("'" + text + "' has no unit before 'i'");
    }
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier(unit)));
    BigDecimal whole = bytes.setScale(0, RoundingMode.HALF_UP);
    if (whole.signum() <= 0) {
      throw new IllegalArgumentException("'" + text + "' is not a positive memory size");
    }
    if (whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("'" + text + "' is too large");
    }
    return new MemorySize(whole.longValueExact());
  }

  public static MemorySize ofMebibytes(long mib) {
    return new MemorySize(mib * MIB);
  }

  private static long multiplier(String unit) {
    return switch (unit) {
      case "k" -> KIB;
      case "m" -> MIB;
      case "g" -> GIB;
      case "t" -> TIB;
      default -> 1;
    };
  }

  public MemorySize plus(MemorySize other) {
    return new MemorySize(Math.addExact(bytes, other.bytes));
  }

  /** The Docker form used for limits: 512m, 1g, 1536k or plain bytes, exact. */
  public String dockerForm() {
    if (bytes % GIB == 0) {
      return bytes / GIB + "g";
    }
    if (bytes % MIB == 0) {
      return bytes / MIB + "m";
    }
    if (bytes % KIB == 0) {
      return bytes / KIB + "k";
    }
    return Long.toString(bytes);
  }

  /** A rounded human form for totals, as the spec prints them: 14.5GB, 600MB, 12KB. */
  public String humanForm() {
    if (bytes >= GIB) {
      return oneDecimal(bytes, GIB) + "GB";
    }
    if (bytes >= MIB) {
      return oneDecimal(bytes, MIB) + "MB";
    }
    if (bytes >= KIB) {
      return oneDecimal(bytes, KIB) + "KB";
    }
    return bytes + "B";
  }

  private static String oneDecimal(long value, long unit) {
    return BigDecimal.valueOf(value)
        .divide(BigDecimal.valueOf(unit), 1, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  @Override
  public int compareTo(MemorySize other) {
    return Long.compare(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return dockerForm();
  }
}
