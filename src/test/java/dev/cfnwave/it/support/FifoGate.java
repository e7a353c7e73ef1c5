package dev.cfnwave.it.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A named pipe in the workspace that containers wait at, released once for all of them. The test
 * holds the pipe open for writing, so a container's open returns at once; it then leaves a file
 * saying it waits and reads until end-of-file, which every reader gets at the same instant: when
 * the test closes its end. Waiting costs no CPU, and "every container was waiting when the gate
 * opened" is a fact the test checks rather than a sleep it hopes is long enough.
 */
public final class FifoGate implements AutoCloseable {

  private final String name;
  private final Path waiting;
  private final FileChannel writer;

  private FifoGate(String name, Path waiting, FileChannel writer) {
    this.name = name;
    this.waiting = waiting;
    this.writer = writer;
  }

  /** A closed gate named {@code name} in the workspace (mounted at /workspace). */
  public static FifoGate in(Path workspace, String name) throws Exception {
    Path fifo = workspace.resolve(name);
    Process mkfifo = new ProcessBuilder(List.of("mkfifo", "-m", "666", fifo.toString())).start();
    if (mkfifo.waitFor() != 0) {
      throw new IllegalStateException("mkfifo " + fifo + " failed");
    }
    Path waiting =
        Files.createDirectory(
            workspace.resolve(name + ".waiting"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
    // Read and write: on Linux this open does not block, and the pipe has a writer from now on.
    FileChannel writer = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE);
    return new FifoGate(name, waiting, writer);
  }

  /** Shell that waits at this gate; {@code $BATCH_ID} names the container's waiting file. */
  public String script() {
    String pipe = "/workspace/" + name;
    return "exec 3<"
        + pipe
        + " && touch /workspace/"
        + name
        + ".waiting/$BATCH_ID && cat <&3 >/dev/null && exec 3<&-";
  }

  /** How many containers have the pipe open and wait for its end. */
  public long waiting() throws IOException {
    try (Stream<Path> files = Files.list(waiting)) {
      return files.count();
    }
  }

  /** Waits until {@code count} containers wait at the gate, or {@code giveUp} holds. */
  public void awaitWaiting(long count, BooleanSupplier giveUp, Duration atMost) {
    await().atMost(atMost).until(() -> waiting() >= count || giveUp.getAsBoolean());
  }

  /**
   * Opens the gate: every container waiting at it reads end-of-file now.
   *
   * @return an instant just before the release, on the host clock the engine also uses
   */
  public Instant open() throws IOException {
    Instant before = Instant.now();
    writer.close();
    return before;
  }

  /** Opens the gate if the test did not, so no container is left waiting. */
  @Override
  public void close() throws IOException {
    writer.close();
  }
}
