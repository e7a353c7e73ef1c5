package dev.cfnwave.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Free disk under a folder (the run folder, the engine's data root): under 1 GiB fails, under 10
 * GiB warns. A folder that does not exist yet is measured at its nearest existing parent.
 */
public record DiskCheck(String check, Path folder) implements HostCheck {

  static final long FAIL_BELOW = 1L << 30;
  static final long WARN_BELOW = 10L << 30;

  @Override
  public List<CheckResult> run() {
    Path existing = folder.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return List.of(new CheckResult(check, folder + ": not found", Verdict.OK, null));
    }
    long free;
    try {
      free = Files.getFileStore(existing).getUsableSpace();
    } catch (IOException e) {
      return List.of(new CheckResult(check, folder + ": not readable here", Verdict.OK, null));
    }
    String figure = MemoryCheck.human(free) + " free under " + folder;
    String fix =
        "free disk there (docker system prune removes unused images and stopped containers)";
    if (free < FAIL_BELOW) {
      return List.of(new CheckResult(check, figure, Verdict.FAIL, fix));
    }
    if (free < WARN_BELOW) {
      return List.of(new CheckResult(check, figure, Verdict.WARN, fix));
    }
    return List.of(CheckResult.ok(check, figure));
  }
}
