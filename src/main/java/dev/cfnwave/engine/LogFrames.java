package dev.cfnwave.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Predicate;

/**
 * Takes apart the Engine's log stream: frames of an 8-byte header (stream type, three zero bytes, a
 * big-endian payload length) and the payload, or, for a container with a TTY, raw bytes. Which one
 * it is shows in the first header, as docker-java's frame reader tells them apart.
 */
final class LogFrames {

  private static final int HEADER = 8;
  private static final int CHUNK = 64 * 1024;

  private LogFrames() {}

  /** Hands each payload to {@code sink} until the stream ends or the sink says no more. */
  static void copy(InputStream in, Predicate<byte[]> sink) throws IOException {
    byte[] header = in.readNBytes(HEADER);
    if (header.length == 0) {
      return;
    }
    if (header.length < HEADER || !isFrameHeader(header)) {
      if (sink.test(header)) {
        copyRaw(in, sink);
      }
      return;
    }
    do {
      long size =
          ((header[4] & 0xffL) << 24)
              | ((header[5] & 0xff) << 16)
              | ((header[6] & 0xff) << 8)
              | (header[7] & 0xff);
      while (size > 0) {
        byte[] payload = in.readNBytes((int) Math.min(size, CHUNK));
        if (payload.length == 0) {
          return; // a cut stream ends quietly
        }
        size -= payload.length;
        if (!sink.test(payload)) {
          return;
        }
      }
      header = in.readNBytes(HEADER);
    } while (header.length == HEADER);
  }

  private static boolean isFrameHeader(byte[] header) {
    return header[0] >= 0 && header[0] <= 2 && header[1] == 0 && header[2] == 0 && header[3] == 0;
  }

  private static void copyRaw(InputStream in, Predicate<byte[]> sink) throws IOException {
    byte[] chunk;
    while ((chunk = in.readNBytes(CHUNK)).length > 0) {
      if (!sink.test(chunk)) {
        return;
      }
    }
  }
}
