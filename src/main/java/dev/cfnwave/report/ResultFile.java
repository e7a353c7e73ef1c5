package dev.cfnwave.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a container said about its own work in {@code result.json} of its output folder, as read and
 * checked by {@link ResultFileReader}; every field may be absent (null, or empty).
 *
 * @param status success, failed, rate_limited or skipped
 * @param summary one line
 * @param usage numbers the attempt used or spent: input_tokens, output_tokens, cost_usd, any other
 * @param artifacts paths inside the output folder
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ResultFile(
    String status,
    String summary,
    BigDecimal retryAfterSeconds,
    Map<String, BigDecimal> usage,
    List<String> artifacts) {

  /** The statuses a result file may give. */
  public static final Set<String> STATUSES = Set.of("success", "failed", "rate_limited", "skipped");

  public ResultFile {
    usage = usage == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(usage));
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
  }

  /**
   * Whether its status says the same as the exit status: success and skipped go with a success,
   * failed and rate_limited with anything else; no status agrees with everything.
   */
  @JsonIgnore
  public boolean agreesWith(ExitStatus exit) {
    if (status == null || exit == null) {
      return true;
    }
    boolean succeeded = status.equals("success") || status.equals("skipped");
    return succeeded == (exit == ExitStatus.SUCCESS);
  }

  /** The exit status its status stands for (skipped: success, rate_limited: failed), or null. */
  @JsonIgnore
  public ExitStatus asExitStatus() {
    if (status == null) {
      return null;
    }
    return status.equals("success") || status.equals("skipped")
        ? ExitStatus.SUCCESS
        : ExitStatus.FAILED;
  }
}
