package dev.cfnwave.cli;

import dev.cfnwave.attempt.LogKeeper;
import java.nio.file.Path;

/** Where saved logs go: --output-dir if given, else $CFN_LOG_DIR/container-logs. */
final class LogDirectories {

  private LogDirectories() {}

  static LogKeeper keeper(Context context, Path outputDir) {
    Path directory = outputDir != null ? outputDir : context.logDir().resolve("container-logs");
    return new LogKeeper(context.backend(), directory, context.maxLogBytes());
  }
}
