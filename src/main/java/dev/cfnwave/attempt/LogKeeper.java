package dev.cfnwave.attempt;

import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.SavedLog;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Saves attempts' logs as {directory}/{attempt name}.log, capped in size. The file name comes from
 * the container's name, which the engine restricts to [a-zA-Z0-9][a-zA-Z0-9_.-]*; anything else is
 * refused so that no log is ever written outside the log directory.
 */
public final class LogKeeper {

  /** Default cap of one saved log: 64 MiB (CFN_LOG_MAX_BYTES overrides it). */
  public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

  private static final Pattern SAFE_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private final Backend backend;
  private final Path directory;
  private final long maxBytes;

  public LogKeeper(Backend backend, Path directory, long maxBytes) {
    this.backend = backend;
    this.directory = directory.toAbsolutePath().normalize();
    this.maxBytes = maxBytes;
  }

  public Path directory() {
    return directory;
  }

  public SavedLog save(String handle, String fileStem) {
    // Such a stem has no separator and cannot be "." or "..": two dots inside a name (a batch
    // "v1..2") are just part of it, and the file is always directly inside the directory.
    Path file = directory.resolve(fileStem + ".log").normalize();
    if (!SAFE_NAME.matcher(fileStem).matches() || !directory.equals(file.getParent())) {
      throw new IllegalArgumentException("unsafe log file name: " + fileStem);
    }
    return backend.saveLog(handle, file, maxBytes);
  }
}
