package dev.cfnwave.run.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.event.WaveListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdmissionLockTest {

  @TempDir Path folder;

  @Test
  void oneRunHoldsTheTurnUntilItGivesItBack() {
    Path file = folder.resolve("admission.lock");
    try (AdmissionLock first = new AdmissionLock(file, WaveListener.NONE);
        AdmissionLock second = new AdmissionLock(file, WaveListener.NONE)) {
      assertThat(first.tryAcquire()).isTrue();
      assertThat(first.tryAcquire()).as("held already").isTrue();
      assertThat(second.tryAcquire()).isFalse();

      first.release();

      assertThat(second.tryAcquire()).isTrue();
      assertThat(first.tryAcquire()).isFalse();
    }
  }

  @Test
  void theLockFileIsWritableByEveryUser() throws Exception {
    Path file = folder.resolve("admission.lock");
    try (AdmissionLock lock = new AdmissionLock(file, WaveListener.NONE)) {
      lock.tryAcquire();
    }

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-rw-rw-");
  }
}
