package dev.cfnwave.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * scripts/swarm-rig.sh for tests: up prints KEY=VALUE lines (sockets, node ids), down removes
 * everything; a shutdown hook takes the rig down if the JVM ends first. The caller holds the IT
 * lock for as long as the rig is up.
 */
public final class SwarmRig {

  private static final String RIG = "scripts/swarm-rig.sh";
  private static final Thread downAtExit = new Thread(() -> run("down"));

  private SwarmRig() {}

  /** Brings the rig up and returns what up printed; takes it down again when up fails. */
  public static Map<String, String> up() {
    return up(false);
  }

  /**
   * The same; with {@code workersPull} the workers pull each task's image first, as real nodes do
   * (CFN_RIG_PULL=1: the tests of images from the test registry), else they only run local copies.
   * A rig that is up in the other mode is brought up again.
   */
  public static Map<String, String> up(boolean workersPull) {
    registerDownAtExit();
    String[] up = run(Map.of("CFN_RIG_PULL", workersPull ? "1" : "0"), "up");
    if (!"0".equals(up[0])) {
      run("down");
      throw new IllegalStateException(RIG + " up failed (exit " + up[0] + ")");
    }
    return parse(up[1]);
  }

  private static Map<String, String> parse(String printed) {
    return printed
        .lines()
        .filter(line -> line.contains("="))
        .collect(
            Collectors.toMap(
                line -> line.substring(0, line.indexOf('=')),
                line -> line.substring(line.indexOf('=') + 1)));
  }

  /**
   * A rig of mixed engine versions: the host engine (current) as manager and workers running the
   * dockerd that CFN_RIG_PATH puts first on PATH, as the 20.10 leg sets it (Engine 20.10).
   *
   * @throws IllegalStateException when CFN_RIG_PATH is not set: run on the 20.10 leg
   */
  public static Map<String, String> upWithOlderWorkers() {
    String workerPath = System.getenv("CFN_RIG_PATH");
    if (workerPath == null || workerPath.isBlank()) {
      throw new IllegalStateException(
          "CFN_RIG_PATH names no older engine for the workers: run on the 20.10 leg"
              + " (scripts/test.sh --engine 20.10)");
    }
    registerDownAtExit();
    String[] up =
        run(
            Map.of("CFN_RIG_MANAGER", HOST_ENGINE, "CFN_RIG_PATH", workerPath, "CFN_RIG_PULL", "0"),
            "up");
    if (!"0".equals(up[0])) {
      run("down");
      throw new IllegalStateException(RIG + " up failed (exit " + up[0] + ")");
    }
    return parse(up[1]);
  }

  private static void registerDownAtExit() {
    try {
      Runtime.getRuntime().addShutdownHook(downAtExit);
    } catch (IllegalArgumentException alreadyRegistered) {
      // a rig brought up again before the last one was taken down
    }
  }

  /** The host's engine, which the 20.10 leg keeps running beside its own. */
  private static final String HOST_ENGINE = "unix:///var/run/docker.sock";

  /** Takes the rig down; returns the script's exit code ("0" when all went). */
  public static String down() {
    String[] down = run("down");
    try {
      Runtime.getRuntime().removeShutdownHook(downAtExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or ran: nothing to remove
    }
    return down[0];
  }

  /**
   * Kills worker N's dockerd and everything it runs with SIGKILL (a crashed machine).
   *
   * @throws IllegalStateException when the script fails
   */
  public static void killWorker(int worker) {
    require(run("kill-worker", String.valueOf(worker)), "kill-worker " + worker);
  }

  /** Starts worker N again after {@link #killWorker}; returns once its node is ready. */
  public static void startWorker(int worker) {
    require(run("start-worker", String.valueOf(worker)), "start-worker " + worker);
  }

  private static void require(String[] result, String what) {
    if (!"0".equals(result[0])) {
      throw new IllegalStateException(RIG + " " + what + " failed (exit " + result[0] + ")");
    }
  }

  /** Exit code and stdout of the rig script; its log goes to this process's stderr. */
  private static String[] run(String... command) {
    return run(Map.of(), command);
  }

  private static String[] run(Map<String, String> environment, String... command) {
    List<String> line = new ArrayList<>(List.of("bash", RIG));
    line.addAll(List.of(command));
    try {
      var builder = new ProcessBuilder(line).redirectError(ProcessBuilder.Redirect.INHERIT);
      builder.environment().putAll(environment);
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(300, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new String[] {"timeout", out};
      }
      return new String[] {String.valueOf(process.exitValue()), out};
    } catch (IOException e) {
      throw new IllegalStateException(RIG + " " + line + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(RIG + " " + line + ": interrupted", e);
    }
  }
}
