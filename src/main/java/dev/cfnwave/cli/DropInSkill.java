package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The drop-in cfn-docker-wave-execution skill, as the build copies it from the repository's skill/
 * folder into the jar, and its writing into another repository's .claude/skills.
 */
final class DropInSkill {

  static final String NAME = "cfn-docker-wave-execution";

  /** Where a repository keeps it, as the original skill's callers expect. */
  static final Path FOLDER = Path.of(".claude", "skills", NAME);

  /** The skill's files; the scripts run, the library is sourced. */
  static final List<String> FILES =
      List.of("spawn-wave.sh", "monitor-wave.sh", "cleanup-wave.sh", "lib/docker-helpers.sh");

  private DropInSkill() {}

  /** The text of one of {@link #FILES}, from the jar. */
  static byte[] content(String file) {
    String resource = "/skill/" + NAME + "/" + file;
    try (InputStream in = DropInSkill.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The root of the git work tree that holds {@code start} (a folder with .git, dir or file). */
  static Optional<Path> gitRoot(Path start) {
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(".git"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  /**
   * Writes the skill into {@code root}/.claude/skills/cfn-docker-wave-execution and returns the
   * files written. Without {@code force}, a file already there stops it before anything is written.
   */
  static List<Path> install(Path root, boolean force) throws IOException {
    Path folder = root.resolve(FOLDER);
    List<Path> targets = FILES.stream().map(folder::resolve).toList();
    if (!force) {
      for (Path target : targets) {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          throw new InputException(target.toString(), "exists; --force overwrites it");
        }
      }
    }
    List<Path> written = new ArrayList<>();
    for (int i = 0; i < FILES.size(); i++) {
      Path target = targets.get(i);
      Files.createDirectories(target.getParent());
      Files.deleteIfExists(target);
      Files.write(target, content(FILES.get(i)));
      Files.setPosixFilePermissions(
          target,
          PosixFilePermissions.fromString(
              FILES.get(i).endsWith("-wave.sh") ? "rwxr-xr-x" : "rw-r--r--"));
      written.add(target);
    }
    return written;
  }
}
