package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An OOM kill is read from the kernel's oom-kill line that names the container's cgroup. */
class KernelOomLogTest {

  private static final String PODMAN_ID =
      "9b4b6052134e83df305ec81a958e710880e32d9c03197280dda4a40df8f4f6e2";
  private static final String OTHER_ID =
      "618ec1e53ebe3e5d4fab8a6abb275581deb54b5d9493413b1c831bf4dcd1fe67";

  /** As this machine's kernel logged Podman 4.3's OOM-killed container (cgroup v1, cgroupfs). */
  private static final String LOG =
      "[  494.192735] [  pid  ]   uid  tgid total_vm      rss name\n"
          + "[  494.192745] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=libpod-"
          + PODMAN_ID
          + ",mems_allowed=0,oom_memcg=/libpod_parent/libpod-"
          + PODMAN_ID
          + ",task_memcg=/libpod_parent/libpod-"
          + PODMAN_ID
          + ",task=sh,pid=28055,uid=0\n"
          + "[  494.192760] Memory cgroup out of memory: Killed process 28055 (sh)\n";

  @Test
  void theContainerWhoseCgroupTheOomKillLineNamesWasKilled() {
    assertThat(new KernelOomLog(() -> Optional.of(LOG)).killed(PODMAN_ID)).contains(true);
  }

  @Test
  void anotherContainerWasNot() {
    assertThat(new KernelOomLog(() -> Optional.of(LOG)).killed(OTHER_ID)).contains(false);
  }

  @Test
  void aKillElsewhereThatOnlyMentionsTheIdOutsideTheMemcgDoesNotCount() {
    String log = "[ 1.0] oom-kill:constraint=CONSTRAINT_NONE,task=grep " + OTHER_ID + "\n";

    assertThat(new KernelOomLog(() -> Optional.of(log)).killed(OTHER_ID)).contains(false);
  }

  @Test
  void anUnreadableLogKnowsNothing() {
    assertThat(new KernelOomLog(Optional::empty).killed(PODMAN_ID)).isEmpty();
  }

  @Test
  void aNameIsNoContainerId() {
    assertThat(new KernelOomLog(() -> Optional.of(LOG)).killed("cfn-wave1-b1")).isEmpty();
  }
}
