package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogFramesTest {

  @Test
  void multiplexedFramesOfBothStreamsArePayloadsOnly() throws IOException {
    byte[] stream = concat(frame(1, "out line\n"), frame(2, "err line\n"), frame(1, "more\n"));

    assertThat(copied(stream)).isEqualTo("out line\nerr line\nmore\n");
  }

  @Test
  void aFrameLongerThanOneReadArrivesWhole() throws IOException {
    String big = "x".repeat(200_000);

    assertThat(copied(frame(1, big))).isEqualTo(big);
  }

  @Test
  void aTtyStreamWithoutHeadersIsCopiedAsItIs() throws IOException {
    byte[] raw = "plain output of a tty\n".getBytes(StandardCharsets.UTF_8);

    assertThat(copied(raw)).isEqualTo("plain output of a tty\n");
  }

  @Test
  void aStreamCutInsideAFrameEndsQuietlyWithWhatCame() throws IOException {
    byte[] whole = frame(1, "complete\n");
    byte[] cut = frame(1, "never finished\n");
    byte[] stream = concat(whole, java.util.Arrays.copyOf(cut, cut.length - 5));

    assertThat(copied(stream)).isEqualTo("complete\nnever fini");
  }

  @Test
  void theSinkSayingNoMoreStopsTheCopy() throws IOException {
    byte[] stream = concat(frame(1, "first\n"), frame(1, "second\n"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    LogFrames.copy(
        new ByteArrayInputStream(stream),
        payload -> {
          out.writeBytes(payload);
          return false;
        });

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("first\n");
  }

  private static String copied(byte[] stream) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LogFrames.copy(
        new ByteArrayInputStream(stream),
        payload -> {
          out.writeBytes(payload);
          return true;
        });
    return out.toString(StandardCharsets.UTF_8);
  }

  private static byte[] frame(int streamType, String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] frame = new byte[8 + payload.length];
    frame[0] = (byte) streamType;
    frame[4] = (byte) (payload.length >>> 24);
    frame[5] = (byte) (payload.length >>> 16);
    frame[6] = (byte) (payload.length >>> 8);
    frame[7] = (byte) payload.length;
    System.arraycopy(payload, 0, frame, 8, payload.length);
    return frame;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
