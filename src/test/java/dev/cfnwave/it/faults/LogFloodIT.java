package dev.cfnwave.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.cfnwave.engine.ContainerSummary;
import dev.cfnwave.it.support.DockerTestSupport;
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
 * that saves it runs in a 64 MB heap. With CFN_LOG_MAX_BYTES set, the cut falls exactly there.
 */
class LogFloodIT extends DockerTestSupport {

  private static final int CAP = 64 << 20;
  private static final String FLOOD =
      "head -c 1073741824 /dev/urandom | tr -d '\\n'; echo; echo flooded >&2; exit 1";
  private static final String EIGHT_MEGABYTES =
      "head -c 8388608 /dev/urandom | tr -d '\\n'; echo; echo flooded >&2; exit 1";

  @Test
  void aGigabyteOfHostileLogIsSavedCappedByteExactInBoundedMemory() throws Exception {
    environment.put("CFN_MONITOR_TIMEOUT", "600");
    Path plan = plan(planJson(runId, wave(1, batch("flood", 1, FLOOD))));
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
                runId,
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

    assertCappedAt(onlyFile(logs), engineBytes, CAP);
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void anExplicitCapCutsTheSavedLogExactlyThereWithTheMarker() throws Exception {
    int cap = 1_000_003; // a prime: no frame or buffer size divides it
    environment.put("CFN_LOG_MAX_BYTES", String.valueOf(cap));
    Path plan = plan(planJson(runId, wave(1, batch("flood", 1, EIGHT_MEGABYTES))));
    CliRun spawned = spawn(plan, 1);
    assertThat(spawned.exitCode()).as(spawned.err()).isZero();
    CliRun monitored = monitor(1);
    assertThat(monitored.exitCode()).as(monitored.err()).isEqualTo(1);
    byte[] engineBytes = firstLogBytes(containersOfThisRun().get(0).id(), cap + 4096);
    assertThat(engineBytes.length).as("the engine holds more than the cap").isGreaterThan(cap);

    CliRun cleaned = cfnWave("cleanup", "--task-id", runId, "--preserve-failed-logs");

    assertThat(cleaned.exitCode()).as(cleaned.err()).isZero();
    assertCappedAt(onlyFile(temp.resolve("logs")), engineBytes, cap);
    assertThat(containersOfThisRun()).isEmpty();
  }

  /** The saved log is the engine's first {@code cap} bytes, then the marker line, and no more. */
  private static void assertCappedAt(Path saved, byte[] engineBytes, int cap) throws IOException {
    byte[] content = Files.readAllBytes(saved);
    byte[] marker =
        ("\n[cfn-wave] log truncated at " + cap + " bytes (CFN_LOG_MAX_BYTES)\n")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(content.length).as("cap plus marker").isEqualTo(cap + marker.length);
    assertThat(Arrays.equals(content, 0, cap, engineBytes, 0, cap))
        .as("the saved bytes are the engine's bytes")
        .isTrue();
    assertThat(Arrays.copyOfRange(content, cap, content.length)).isEqualTo(marker);
  }

  /** The first bytes of the container's log as the engine serves them (stdout and stderr). */
  private static byte[] firstLogBytes(String containerId, int limit) throws Exception {
    var collected = new ByteArrayOutputStream(limit);
    try (var raw = DockerTestSupport.rawClient()) {
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
