package dev.cfnwave.it.support;

import static org.awaitility.Awaitility.await;

import dev.cfnwave.testing.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A second dockerd on this machine that listens on tcp://127.0.0.1:PORT with --tlsverify
 * (certificates made by openssl for the test) and on a unix socket of its own, with its own
 * data-root, exec-root and pidfile in a temporary folder, and no iptables rules. It shares the
 * host's network namespace, so it gets a bridge of its own ({@value #BRIDGE}, made here): a dockerd
 * started with --bridge=none deletes the host's docker0 on start-up (moby's
 * removeDefaultBridgeInterface), which breaks the host engine for every other test. {@link
 * #close()} stops it (SIGTERM, then SIGKILL) and removes the folder; a shutdown hook does the same
 * if the JVM ends first.
 */
public final class TlsDockerd implements AutoCloseable {

  public static final String BRIDGE = "cfntls0";
  private static final Duration START_LIMIT = Duration.ofSeconds(60);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  public final Path folder;
  public final TestCertificates certificates;
  public final int port;
  public final Path socket;
  private final Process process;
  private final Thread shutdownHook;
  private boolean closed;

  private TlsDockerd(Path folder, TestCertificates certificates, int port, Process process) {
    this.folder = folder;
    this.certificates = certificates;
    this.port = port;
    this.socket = folder.resolve("docker.sock");
    this.process = process;
    this.shutdownHook = new Thread(this::stopAndRemove, "tls-dockerd-teardown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts the engine and waits until it answers on its unix socket. */
  public static TlsDockerd start() throws Exception {
    Path folder = Files.createTempDirectory("cfn-tls-dockerd-");
    TestCertificates certificates = TestCertificates.make(folder.resolve("certs"));
    int port = freePort();
    Path server = certificates.server();
    Files.writeString(folder.resolve("daemon.json"), "{}");
    makeBridge();
    List<String> command =
        List.of(
            "dockerd",
            "--config-file=" + folder.resolve("daemon.json"),
            "--data-root=" + folder.resolve("data"),
            "--exec-root=" + folder.resolve("exec"),
            "--pidfile=" + folder.resolve("dockerd.pid"),
            "-H",
            "unix://" + folder.resolve("docker.sock"),
            "-H",
            "tcp://127.0.0.1:" + port,
            "--tlsverify",
            "--tlscacert=" + server.resolve("ca.pem"),
            "--tlscert=" + server.resolve("cert.pem"),
            "--tlskey=" + server.resolve("key.pem"),
            "--bridge=" + BRIDGE,
            "--iptables=false",
            "--ip-masq=false");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(folder.resolve("dockerd.log").toFile())
            .start();
    TlsDockerd dockerd = new TlsDockerd(folder, certificates, port, process);
    try {
      await().atMost(START_LIMIT).pollInterval(Duration.ofMillis(200)).until(dockerd::answers);
      return dockerd;
    } catch (RuntimeException | Error e) {
      String log = dockerd.log();
      dockerd.close();
      throw new IllegalStateException("the TLS dockerd did not start:\n" + log, e);
    }
  }

  public String tcpHost() {
    return "tcp://127.0.0.1:" + port;
  }

  public String unixHost() {
    return "unix://" + socket;
  }

  /** Runs the docker CLI against this engine's unix socket; returns its stdout. */
  public String docker(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker", "-H", unixHost()));
    command.addAll(List.of(args));
    return run(command);
  }

  /** Copies an image from the host engine into this one. */
  public void loadImage(String image) throws IOException, InterruptedException {
    run(
        List.of(
            "bash",
            "-o",
            "pipefail",
            "-c",
            "docker save " + image + " | docker -H " + unixHost() + " load"));
  }

  private static void makeBridge() throws IOException, InterruptedException {
    if (new ProcessBuilder("ip", "link", "show", BRIDGE).start().waitFor() != 0) {
      run(List.of("ip", "link", "add", BRIDGE, "type", "bridge"));
    }
    run(List.of("ip", "link", "set", BRIDGE, "up"));
  }

  public static void removeBridge() {
    try {
      new ProcessBuilder("ip", "link", "del", BRIDGE).start().waitFor();
    } catch (IOException e) {
      // nothing to remove
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }

  private boolean answers() throws IOException, InterruptedException {
    if (!process.isAlive()) {
      throw new IllegalStateException("dockerd exited with " + process.exitValue());
    }
    Process version =
        new ProcessBuilder("docker", "-H", unixHost(), "version", "--format", "{{.Server.Version}}")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    return version.waitFor() == 0;
  }

  private String log() {
    try {
      List<String> lines = Files.readAllLines(folder.resolve("dockerd.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public synchronized void close() {
    stopAndRemove();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs stopAndRemove, which is idempotent
    }
  }

  /**
   * SIGTERM lets dockerd stop its containers and its containerd; SIGKILL after the grace, and then
   * its containerd and shims (found by the exec-root path in their command line) go too.
   */
  private synchronized void stopAndRemove() {
    if (closed) {
      return;
    }
    closed = true;
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    children.forEach(ProcessHandle::destroyForcibly);
    leftoverProcesses().forEach(ProcessHandle::destroyForcibly);
    unmountLeftovers();
    removeBridge();
    try {
      run(List.of("rm", "-rf", folder.toString()));
    } catch (IOException | InterruptedException e) {
      System.err.println("could not remove " + folder + ": " + e.getMessage());
    }
  }

  /** Processes whose command line names this engine's folder (containerd, shims). */
  private List<ProcessHandle> leftoverProcesses() {
    String marker = folder.toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
        .toList();
  }

  private void unmountLeftovers() {
    try (Stream<String> mounts = Files.lines(Path.of("/proc/self/mountinfo"))) {
      List<String> points =
          mounts
              .map(line -> line.split(" ")[4])
              .filter(point -> point.startsWith(folder.toString()))
              .sorted(Comparator.reverseOrder())
              .toList();
      for (String point : points) {
        run(List.of("umount", "-l", point));
      }
    } catch (IOException | InterruptedException e) {
      System.err.println("could not unmount what is left under " + folder + ": " + e.getMessage());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
