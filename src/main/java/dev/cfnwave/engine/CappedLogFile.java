package dev.cfnwave.engine;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.cfnwave.backend.SavedLog;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Streams a container's log frames into a file, byte for byte, up to a cap; past the cap it appends
 * a marker and stops reading. The file appears under its name only when complete.
 */
public final class CappedLogFile implements AutoCloseable {

  private final Path file;
  private final Path partial;
  private final long maxBytes;
  private final OutputStream out;
  private long written;
  private boolean truncated;
  private boolean finished;

  public CappedLogFile(Path file, long maxBytes) throws IOException {
    this.file = file;
    this.maxBytes = maxBytes;
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    this.partial = Files.createTempFile(dir, "." + file.getFileName(), ".part");
    this.out = new BufferedOutputStream(Files.newOutputStream(partial), 64 * 1024);
  }

  public ResultCallback.Adapter<Frame> callback() {
    return new ResultCallback.Adapter<>() {
      @Override
      public void onNext(Frame frame) {
        if (!append(frame.getPayload())) {
          try {
            close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
    };
  }

  /** Appends a payload; false once the cap is reached and no more is wanted. */
  synchronized boolean append(byte[] payload) {
    if (truncated || payload == null) {
      return !truncated;
    }
    try {
      long room = maxBytes - written;
      if (payload.length <= room) {
        out.write(payload);
        written += payload.length;
        return true;
      }
      out.write(payload, 0, (int) room);
      written += room;
      markCut("log truncated at " + maxBytes + " bytes (CFN_LOG_MAX_BYTES)");
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized void markCut(String why) {
    truncated = true;
    try {
      out.write(("\n[cfn-wave] " + why + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized SavedLog finish() throws IOException {
    out.close();
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    finished = true;
    return new SavedLog(file, written, truncated);
  }

  @Override
  public synchronized void close() throws IOException {
    if (!finished) {
      out.close();
      Files.deleteIfExists(partial);
    }
  }
}
