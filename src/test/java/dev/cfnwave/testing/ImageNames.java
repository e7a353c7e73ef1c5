package dev.cfnwave.testing;

import java.util.List;
import java.util.Random;

/** Image references for property tests: valid ones in the docker CLI's grammar, and near misses. */
public final class ImageNames {

  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String HEX = "0123456789abcdef";
  private static final List<String> SEPARATORS = List.of(".", "_", "__", "-", "--");
  private static final List<String> HOSTS =
      List.of("localhost", "127.0.0.1", "registry.example", "ghcr.io", "Reg-1.example", "[::1]");

  private ImageNames() {}

  /** A valid reference: an optional host[:port], a lower-case path, a tag and/or a digest. */
  public static String valid(Random random) {
    StringBuilder name = new StringBuilder();
    boolean host = random.nextInt(3) == 0;
    if (host) {
      name.append(HostileText.pick(random, HOSTS));
      if (random.nextBoolean()) {
        name.append(':').append(1 + random.nextInt(65535));
      }
      name.append('/');
    }
    int components = 1 + random.nextInt(3);
    for (int i = 0; i < components; i++) {
      if (i > 0) {
        name.append('/');
      }
      // a first component with a dot would be read as a registry host
      name.append(component(random, host || i > 0 || components == 1));
    }
    int suffix = random.nextInt(4);
    if (suffix == 1 || suffix == 3) {
      name.append(':').append(tag(random));
    }
    if (suffix >= 2) {
      name.append('@').append(digest(random));
    }
    return name.toString();
  }

  /** "sha256:" and 64 hex digits. */
  public static String digest(Random random) {
    StringBuilder hex = new StringBuilder("sha256:");
    for (int i = 0; i < 64; i++) {
      hex.append(HEX.charAt(random.nextInt(HEX.length())));
    }
    return hex.toString();
  }

  /** A valid reference with one thing broken, or any text. */
  public static String nearMiss(Random random) {
    String valid = valid(random);
    return switch (random.nextInt(7)) {
      case 0 -> valid.toUpperCase(java.util.Locale.ROOT);
      case 1 -> valid + "@sha256:" + "ab".repeat(random.nextInt(40));
      case 2 ->
          valid + ":" + HostileText.pick(random, List.of("-x", ".x", "", "a b", "x".repeat(129)));
      case 3 -> valid.replaceFirst("/", "//");
      case 4 -> HostileText.pick(random, List.of(" ", "-", "_", ".", "/", ":")) + valid;
      case 5 -> valid + HostileText.pick(random, List.of("/", "-", ":", "@", " "));
      default -> HostileText.any(random);
    };
  }

  private static String component(Random random, boolean dots) {
    StringBuilder component = new StringBuilder(alphanumerics(random));
    for (int i = random.nextInt(3); i > 0; i--) {
      String separator = HostileText.pick(random, SEPARATORS);
      component
          .append(dots || !separator.equals(".") ? separator : "_")
          .append(alphanumerics(random));
    }
    return component.toString();
  }

  private static String alphanumerics(Random random) {
    StringBuilder text = new StringBuilder();
    for (int i = 1 + random.nextInt(6); i > 0; i--) {
      text.append(LOWER.charAt(random.nextInt(LOWER.length())));
    }
    return text.toString();
  }

  private static String tag(Random random) {
    String first = "abcXYZ019_";
    String rest = "abcXYZ019_.-";
    StringBuilder tag = new StringBuilder().append(first.charAt(random.nextInt(first.length())));
    for (int i = random.nextInt(random.nextBoolean() ? 8 : 128); i > 0; i--) {
      tag.append(rest.charAt(random.nextInt(rest.length())));
    }
    return tag.toString();
  }
}
