package dev.cfnwave.run.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cfnwave.ToolFailureException;
import dev.cfnwave.report.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's append-only journal: one JSON object per line, forced to disk before append returns, so
 * that what it says survives kill -9 and power loss. A torn last line (a crash mid-write, a full
 * disk) is ignored when read back and cut off when the journal is opened again. An entry that
 * cannot be written is a {@link ToolFailureException}: the run cannot go on without its journal.
 */
public final class Journal implements AutoCloseable {

  private static final ObjectWriter LINE =
      Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

  private final Path file;
  private final FileChannel channel;
  private final String backend;

  private Journal(Path file, FileChannel channel, String backend) {
    this.file = file;
    this.channel = channel;
    this.backend = backend;
  }

  /** Opens the journal of a run on the docker backend. */
  public static Journal open(Path file) {
    return open(file, "docker");
  }

  /**
   * Opens the journal for appending, first cutting off a torn last line (one without its newline),
   * so that the next entry starts a line of its own. Every entry with a handle is written with the
   * name of the backend that gave it.
   */
  public static Journal open(Path file, String backend) {
    try {
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        channel.truncate(endOfLastLine(file));
        channel.position(channel.size());
        return new Journal(file, channel, backend);
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      throw new ToolFailureException("cannot open journal " + file + ": " + e.getMessage(), e);
    }
  }

  private static long endOfLastLine(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    return end;
  }

  public synchronized void append(JournalEntry entry) {
    try {
      byte[] line =
          (LINE.writeValueAsString(entry.by(backend)) + "\n").getBytes(StandardCharsets.UTF_8);
      ByteBuffer buffer = ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a journal entry always serializes", e);
    } catch (IOException e) {
      throw new ToolFailureException(
          "cannot write the run's journal "
              + file
              + ": "
              + e.getMessage()
              + "; the run stops here, its containers keep running: once the run folder can be"
              + " written, continue with run --resume (or remove them: cleanup --orphans)",
          e);
    }
  }

  public static List<JournalEntry> read(Path file) {
    List<JournalEntry> entries = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        try {
          entries.add(Json.MAPPER.readValue(line, JournalEntry.class));
        } catch (JsonProcessingException torn) {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read journal " + file + ": " + e.getMessage(), e);
    }
    return entries;
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
