package dev.cfnwave.run.admission;

import dev.cfnwave.event.WaveListener;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Semaphore;

/**
 * The host's admission turn: one run at a time reads what others hold and launches what fits, and
 * keeps the turn until those launches are done, so that two runs never both count the same free
 * memory. A lock on a file in the temporary folder (runs in other processes) and a semaphore (runs
 * in this process, where a second file lock would throw). Never waited for: a run that does not get
 * the turn tries again at its next step. Runs on other hosts sharing one engine are not coordinated
 * by it.
 */
public final class AdmissionLock implements AutoCloseable {

  private static final Semaphore IN_THIS_PROCESS = new Semaphore(1);

  private final Path file;
  private final WaveListener listener;
  private FileChannel channel;
  private FileLock lock;
  private boolean held;
  private boolean warned;

  AdmissionLock(Path file, WaveListener listener) {
    this.file = file;
    this.listener = listener;
  }

  /** The lock every run on this host shares. */
  public static AdmissionLock hostWide(WaveListener listener) {
    return new AdmissionLock(
        Path.of(System.getProperty("java.io.tmpdir"), "cfn-wave-admission.lock"), listener);
  }

  /** Takes the turn if no other run has it; true when this run holds it (already or now). */
  boolean tryAcquire() {
    if (held) {
      return true;
    }
    if (!IN_THIS_PROCESS.tryAcquire()) {
      return false;
    }
    try {
      if (channel == null) {
        channel = open();
      }
      lock = channel.tryLock();
      if (lock == null) {
        IN_THIS_PROCESS.release();
        return false;
      }
    } catch (IOException e) {
      if (!warned) {
        warned = true;
        listener.warn(
            "cannot lock "
                + file
                + " ("
                + e.getMessage()
                + "): runs on this host admit without taking turns");
      }
      lock = null;
    }
    held = true;
    return true;
  }

  private FileChannel open() throws IOException {
    if (!Files.exists(file)) {
      try {
        Files.createFile(file);
        // Runs of other users take turns too: the umask would leave them read-only.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
      } catch (FileAlreadyExistsException raced) {
        // another run created it first
      }
    }
    return FileChannel.open(file, StandardOpenOption.WRITE);
  }

  /** Gives the turn back; nothing when this run does not hold it. */
  void release() {
    if (!held) {
      return;
    }
    held = false;
    try {
      if (lock != null) {
        lock.release();
      }
    } catch (IOException e) {
      listener.debug("releasing " + file + ": " + e.getMessage());
    } finally {
      lock = null;
      IN_THIS_PROCESS.release();
    }
  }

  @Override
  public void close() {
    release();
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      listener.debug("closing " + file + ": " + e.getMessage());
    }
  }
}
