package dev.cfnwave.attempt;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Run ids: short, random, safe in container names and labels. */
public final class RunIds {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");

  private RunIds() {}

  public static String next() {
    byte[] bytes = new byte[4];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  public static boolean isValid(String runId) {
    return runId != null && VALID.matcher(runId).matches();
  }
}
