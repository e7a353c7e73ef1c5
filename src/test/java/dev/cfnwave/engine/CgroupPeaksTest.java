package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupPeaksTest {

  private static final String ID = "ab".repeat(32);

  @TempDir Path root;

  @Test
  void readsTheV1HighWaterMarkUnderTheCgroupfsDriver() throws Exception {
    write("memory/docker/" + ID + "/memory.max_usage_in_bytes", "34361344\n");

    assertThat(new CgroupPeaks(root).peak(ID)).hasValue(34_361_344L);
  }

  @Test
  void readsTheV2PeakUnderTheSystemdDriver() throws Exception {
    write("system.slice/docker-" + ID + ".scope/memory.peak", "1048576\n");

    assertThat(new CgroupPeaks(root).peak(ID)).hasValue(1_048_576L);
  }

  @Test
  void readsPodmansV1HighWaterMarkUnderTheCgroupfsDriver() throws Exception {
    write("memory/libpod_parent/libpod-" + ID + "/memory.max_usage_in_bytes", "2097152\n");

    assertThat(new CgroupPeaks(root).peak(ID)).hasValue(2_097_152L);
  }

  @Test
  void anEndedOrRemoteContainerHasNoFigure() {
    assertThat(new CgroupPeaks(root).peak(ID)).isEmpty();
  }

  @Test
  void aHandleThatIsNotAFullIdIsNeverAPath() throws Exception {
    write("memory/docker/../memory.max_usage_in_bytes", "1");

    assertThat(new CgroupPeaks(root).peak("..")).isEmpty();
    assertThat(new CgroupPeaks(root).peak(ID.substring(0, 12))).isEmpty();
  }

  private void write(String relative, String text) throws Exception {
    Path file = root.resolve(relative).normalize();
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
