package dev.cfnwave.attempt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Container names: cfn-wave{N}-{batch id made safe}-{run id}. Characters Docker refuses become '-',
 * long ids are cut, and whenever the id had to change (or looks like another id's changed form) a
 * short hash of the original keeps two different ids from sharing a name.
 */
public final class ContainerNaming {

  public static final int MAX_ID_PART = 64;

  /** An id that looks like another id's safe form gets a hash too, so the two stay distinct. */
  private static final Pattern HASH_SUFFIX = Pattern.compile(".*-[0-9a-f]{8}");

  private ContainerNaming() {}

  public static String name(int waveNumber, String batchId, String runId) {
    return "cfn-wave" + waveNumber + "-" + safe(batchId) + "-" + runId;
  }

  public static String safe(String batchId) {
    String replaced = batchId.replaceAll("[^a-zA-Z0-9_.-]", "-");
    String cut = replaced.length() > MAX_ID_PART ? replaced.substring(0, MAX_ID_PART) : replaced;
    boolean unchanged = cut.equals(batchId) && !HASH_SUFFIX.matcher(batchId).matches();
    return unchanged ? cut : cut + "-" + shortHash(batchId);
  }

  private static String shortHash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
