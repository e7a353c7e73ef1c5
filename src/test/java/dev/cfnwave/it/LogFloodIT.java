package dev.cfnwave.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.cfnwave.engine.ContainerSummary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A failed container that wrote 1 GB of invalid UTF-8 on one endless line: the saved log is cut at
 * the documented cap (64 MiB) with a marker, its bytes are exactly the engine's, and the cleanup
 * that saves it runs in a 64 MB heap.
 */
class LogFloodIT extends DockerTestSupport {

  private static final int CAP = 64 << 20;
  private static final String FLOOD =
      "head -c 1073741824 /dev/urandom | tr -d '\\n'; echo; echo flooded >&2; exit 1";

  @Test
  void aGigabyteOfHostileLogIsSavedCappedByteExactInBoundedMemory() throws Exception {
    environment.put("CFN_MONITOR_TIMEOUT", "600");
    Path plan = plan(planJson("t", wave(1, batch("flood", 1, FLOOD))));
    CliRun spawned = spawn(plan, 1);
    assertThat(spawned.exitCode()).as(spawned.err()).isZero();
    CliRun monitored = monitor(1);
    assertThat(monitored.exitCode()).as(monitored.err()).isEqualTo(1);
    ContainerSummary flood = containersOfThisRun().get(0);
    byte[] engineBytes = firstLogBytes(flood.id(), CAP + 4096);
    assertThat(engineBytes.length).as("the engine holds more than the cap").isGreaterThan(CAP);

    Path logs = temp.resolve("logs");
    Path rss = temp.resolve("rss.txt");
    ProcessBuilder cleanup =
        new ProcessBuilder(
                "/usr/bin/time",
                "-o",
                rss.toString(),
                "-f",
                "%M",
                "bin/cfn-wave",
                "cleanup",
                "--task-id",
                "t",
                "--preserve-failed-logs")
            .redirectOutput(temp.resolve("cleanup.out").toFile())
            .redirectError(temp.resolve("cleanup.err").toFile())
            .directory(Path.of("").toAbsolutePath().toFile());
    cleanup.environment().put("CFN_LOG_DIR", logs.toString());
    cleanup.environment().put("CFN_WAVE_JAVA_OPTS", "-Xmx64m");
    Process process = cleanup.start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String err = Files.readString(temp.resolve("cleanup.err"));
    assertThat(process.exitValue()).as(err).isZero();
    long peakKb = Long.parseLong(Files.readAllLines(rss).get(0).trim());
    System.err.printf("cleanup saved a 1 GB log with a peak RSS of %d MB%n", peakKb >> 10);
    assertThat(peakKb).as("peak RSS in KB").isLessThan(300 << 10);

    Path saved = onlyFile(logs);
    byte[] content = Files.readAllBytes(saved);
    byte[] marker =
        ("\n[cfn-wave] log truncated at " + CAP + " bytes (CFN_LOG_MAX_BYTES)\n")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(content.length).isEqualTo(CAP + marker.length);
    assertThat(Arrays.equals(content, 0, CAP, engineBytes, 0, CAP))
        .as("the saved bytes are the engine's bytes")
        .isTrue();
    assertThat(Arrays.copyOfRange(content, CAP, content.length)).isEqualTo(marker);
    assertThat(containersOfThisRun()).isEmpty();
  }

  /** The first bytes of the container's log as the engine serves them (stdout and stderr). */
  private static byte[] firstLogBytes(String containerId, int limit) throws Exception {
    var collected = new ByteArrayOutputStream(limit);
    try (var raw = SpawnIT.rawClient()) {
      var callback =
          raw.logContainerCmd(containerId)
              .withStdOut(true)
              .withStdErr(true)
              .exec(
                  new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                      synchronized (collected) {
                        if (collected.size() >= limit) {
                          closeQuietly(this);
                          return;
                        }
                        collected.writeBytes(frame.getPayload());
                      }
                    }
                  });
      callback.awaitCompletion(2, TimeUnit.MINUTES);
      callback.close();
    }
    synchronized (collected) {
      return collected.toByteArray();
    }
  }

  private static void closeQuietly(ResultCallback.Adapter<Frame> callback) {
    try {
      callback.close();
    } catch (IOException e) {
      // already closing
    }
  }

  private static Path onlyFile(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      List<Path> all = files.filter(Files::isRegularFile).toList();
      assertThat(all).hasSize(1);
      return all.get(0);
    }
  }
}
