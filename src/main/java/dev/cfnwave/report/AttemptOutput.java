package dev.cfnwave.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What an attempt left in its output folder: where the folder is (relative to the run folder), its
 * size and file count when the attempt ended, the result file it wrote (null when none or
 * unreadable), and warnings about it (a malformed result file, a status the exit code contradicts,
 * parts of the folder that could not be read).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AttemptOutput(
    String path,
    @JsonInclude(JsonInclude.Include.ALWAYS) long bytes,
    @JsonInclude(JsonInclude.Include.ALWAYS) long files,
    ResultFile result,
    List<String> warnings) {

  /** The reason an attempt fails when its output folder grew past --output-limit. */
  public static final String OVER_THE_LIMIT = "output over the limit";

  public AttemptOutput {
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** The result's summary, or null. */
  @JsonIgnore
  public String summary() {
    return result == null ? null : result.summary();
  }
}
