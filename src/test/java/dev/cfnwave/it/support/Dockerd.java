package dev.cfnwave.it.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The local dockerd process, for tests of engine faults: stopped and started again (through the
 * project's own scripts/ensure-docker.sh), or paused with SIGSTOP. A paused engine is always
 * resumed, also when the test fails or its JVM ends.
 */
public final class Dockerd {

  private static final Path PID_FILE = Path.of("/var/run/docker.pid");

  private Dockerd() {}

  public static long pid() {
    try {
      return Long.parseLong(Files.readString(PID_FILE).trim());
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("no dockerd pid in " + PID_FILE + ": " + e.getMessage(), e);
    }
  }

  /**
   * Stops dockerd like a host shutdown would (SIGTERM, it stops its containers), then starts it,
   * and gives the tests' shared engine client fresh connections to the new dockerd.
   */
  public static void restart() throws Exception {
    long pid = pid();
    Optional<ProcessHandle> dockerd = ProcessHandle.of(pid);
    signal("TERM", pid);
    dockerd.ifPresent(p -> await().atMost(Duration.ofSeconds(60)).until(() -> !p.isAlive()));
    Process start = new ProcessBuilder("bash", "scripts/ensure-docker.sh").inheritIO().start();
    if (start.waitFor() != 0) {
      throw new IllegalStateException("scripts/ensure-docker.sh could not start dockerd again");
    }
    SharedEngine.reconnect();
  }

  /** SIGSTOP: the engine answers nothing, its containers keep running. */
  public static Paused pause() throws Exception {
    long pid = pid();
    Thread resumeAtExit = new Thread(() -> resumeQuietly(pid));
    Runtime.getRuntime().addShutdownHook(resumeAtExit);
    signal("STOP", pid);
    return new Paused(pid, resumeAtExit);
  }

  /** A paused dockerd; closing resumes it (SIGCONT). */
  public record Paused(long pid, Thread resumeAtExit) implements AutoCloseable {
    @Override
    public void close() {
      resumeQuietly(pid);
      Runtime.getRuntime().removeShutdownHook(resumeAtExit);
    }
  }

  private static void resumeQuietly(long pid) {
    try {
      signal("CONT", pid);
    } catch (Exception e) {
      System.err.println("could not resume dockerd " + pid + ": " + e);
    }
  }

  private static void signal(String name, long pid) throws Exception {
    Process kill = new ProcessBuilder(List.of("kill", "-" + name, String.valueOf(pid))).start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -" + name + " " + pid + " failed");
    }
  }
}
