package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import dev.cfnwave.attempt.LogKeeper;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.open.Backends;
import dev.cfnwave.event.WaveEvent;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;

/** What every command shares: the streams, the environment, and the backend once it is needed. */
final class Context implements AutoCloseable {

  static final String DEFAULT_LOG_DIR = ".artifacts/logs";

  final PrintStream out;
  final PrintStream err;
  final Map<String, String> environment;
  private Backend backend;
  private String backendName;
  private StderrRenderer renderer;

  Context(PrintStream out, PrintStream err, Map<String, String> environment) {
    this.out = out;
    this.err = err;
    this.environment = Map.copyOf(environment);
  }

  /**
   * Chooses the backend by name (--backend); null: CFN_BACKEND, else the first of {@link
   * Backends#NAMES}. Call before the backend is first used.
   */
  synchronized void useBackend(String name) {
    backendName = name;
  }

  /**
   * The name of the backend the command uses, without opening it.
   *
   * @throws InputException naming --backend or CFN_BACKEND, whichever gave an unknown name
   */
  synchronized String backendName() {
    String variable = environment.getOrDefault("CFN_BACKEND", "");
    String name =
        backendName != null
            ? backendName
            : variable.isBlank() ? Backends.NAMES.get(0) : variable.trim();
    if (!Backends.NAMES.contains(name)) {
      throw new InputException(
          backendName != null ? "--backend " + name : "CFN_BACKEND=" + variable,
          "expected one of " + String.join(", ", Backends.NAMES));
    }
    return name;
  }

  /** The backend attempts run on (docker or swarm), opened on first use. */
  synchronized Backend backend() {
    return backend(false);
  }

  /**
   * The backend, whose launches may halt at the crash tests' failpoint if this call opens it with
   * {@code armFailpoint} (run only).
   */
  synchronized Backend backend(boolean armFailpoint) {
    if (backend == null) {
      backend = Backends.open(backendName(), environment, engineCallLimit(), armFailpoint);
    }
    return backend;
  }

  /** The stderr renderer for a command's --verbose, --quiet and --color. */
  synchronized StderrRenderer renderer(CommonOptions common) {
    ConsoleOptions console = common.console == null ? new ConsoleOptions() : common.console;
    ConsoleMode mode = ConsoleMode.of(environment, configuredLevel(), common.verbose, console);
    renderer = new StderrRenderer(err, mode, InstantSource.system());
    return renderer;
  }

  /** Erases a status line still drawn, so that a line printed next starts on its own. */
  synchronized void endStatus() {
    if (renderer != null) {
      renderer.endStatus();
    }
  }

  /**
   * CFN_LOG_LEVEL (info when unset or empty), checked even under --verbose.
   *
   * @throws InputException naming the variable when it is none of the levels
   */
  private WaveEvent.Level configuredLevel() {
    String value = environment.getOrDefault("CFN_LOG_LEVEL", "");
    String level = value.isBlank() ? "INFO" : value.trim().toUpperCase(Locale.ROOT);
    try {
      return WaveEvent.Level.valueOf(level.equals("WARNING") ? "WARN" : level);
    } catch (IllegalArgumentException e) {
      throw new InputException(
          "CFN_LOG_LEVEL=" + value, "expected debug, info, warn or error (default: info)");
    }
  }

  Path logDir() {
    return Path.of(environment.getOrDefault("CFN_LOG_DIR", DEFAULT_LOG_DIR));
  }

  long maxLogBytes() {
    String value = environment.get("CFN_LOG_MAX_BYTES");
    if (value == null) {
      return LogKeeper.DEFAULT_MAX_BYTES;
    }
    try {
      long bytes = Long.parseLong(value.trim());
      if (bytes >= 0) {
        return bytes;
      }
    } catch (NumberFormatException e) {
      // the message below says what is expected
    }
    throw new InputException(
        "CFN_LOG_MAX_BYTES must be a whole number of bytes (0 or more), found '" + value + "'");
  }

  /** The deadline of one Engine API call (CFN_ENGINE_TIMEOUT seconds, default 60). */
  Duration engineCallLimit() {
    String value = environment.get("CFN_ENGINE_TIMEOUT");
    if (value == null) {
      return Backends.DEFAULT_CALL_LIMIT;
    }
    try {
      double seconds = Double.parseDouble(value.trim());
      if (seconds >= 1 && seconds <= 86_400) {
        return Duration.ofMillis(Math.round(seconds * 1000));
      }
    } catch (NumberFormatException e) {
      // the message below says what is expected
    }
    throw new InputException(
        "CFN_ENGINE_TIMEOUT must be a number of seconds from 1 to 86400, found '" + value + "'");
  }

  @Override
  public synchronized void close() {
    if (backend != null) {
      backend.close();
      backend = null;
    }
  }
}
