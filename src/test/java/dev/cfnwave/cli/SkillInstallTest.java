package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cfn-wave skill install, and how the scripts it writes find cfn-wave (no engine needed). */
class SkillInstallTest {

  private static final Path REPO_SKILL = Path.of("skill", DropInSkill.NAME).toAbsolutePath();

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int cfnWave(String... args) {
    return Main.run(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of(),
        args);
  }

  private Path installed(String file) {
    return dir.resolve(DropInSkill.FOLDER).resolve(file);
  }

  @Test
  void theJarCarriesExactlyTheRepositorysSkillFolder() throws IOException {
    try (Stream<Path> files = Files.walk(REPO_SKILL)) {
      assertThat(
              files
                  .filter(Files::isRegularFile)
                  .map(f -> REPO_SKILL.relativize(f).toString())
                  .toList())
          .containsExactlyInAnyOrderElementsOf(DropInSkill.FILES);
    }
    for (String file : DropInSkill.FILES) {
      assertThat(DropInSkill.content(file))
          .as(file)
          .isEqualTo(Files.readAllBytes(REPO_SKILL.resolve(file)));
    }
  }

  @Test
  void installWritesTheSkillWhereItsCallersLook() throws IOException {
    int exitCode = cfnWave("skill", "install", dir.toString());

    assertThat(exitCode).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8).lines().toList())
        .singleElement(InstanceOfAssertFactories.STRING)
        .contains(dir.resolve(DropInSkill.FOLDER).toString());
    for (String file : DropInSkill.FILES) {
      assertThat(installed(file)).hasBinaryContent(Files.readAllBytes(REPO_SKILL.resolve(file)));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(installed(file))))
          .isEqualTo(file.endsWith("-wave.sh") ? "rwxr-xr-x" : "rw-r--r--");
    }
  }

  @Test
  void aFileAlreadyThereStopsItBeforeAnythingIsWrittenUnlessForced() throws IOException {
    Path mine = Files.createDirectories(installed("x").getParent()).resolve("monitor-wave.sh");
    Files.writeString(mine, "mine\n");

    int refused = cfnWave("skill", "install", dir.toString());

    assertThat(refused).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).lines().toList())
        .singleElement(InstanceOfAssertFactories.STRING)
        .contains(mine.toString(), "--force");
    assertThat(mine).hasContent("mine");
    assertThat(installed("spawn-wave.sh")).doesNotExist();
    assertThat(installed("lib/docker-helpers.sh")).doesNotExist();

    int forced = cfnWave("skill", "install", "--force", dir.toString());

    assertThat(forced).isZero();
    assertThat(mine).hasBinaryContent(DropInSkill.content("monitor-wave.sh"));
  }

  @Test
  void theDefaultFolderIsTheGitRootOfTheWorkingFolder() throws IOException {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Files.createDirectories(repo.resolve(".git"));
    Path deep = Files.createDirectories(repo.resolve("src/main"));
    Path worktree = Files.createDirectories(dir.resolve("worktree/a"));
    Files.writeString(dir.resolve("worktree/.git"), "gitdir: /elsewhere\n");

    assertThat(DropInSkill.gitRoot(deep)).contains(repo);
    assertThat(DropInSkill.gitRoot(repo)).contains(repo);
    assertThat(DropInSkill.gitRoot(worktree)).contains(dir.resolve("worktree"));
  }

  @Test
  void installedScriptsFindCfnWaveThroughCfnWaveHomeThenPath() throws Exception {
    cfnWave("skill", "install", dir.toString());
    Path home = launcher(dir.resolve("home/bin"), "home");
    Path onPath = launcher(dir.resolve("path-bin"), "path");
    String path = onPath + ":/usr/bin:/bin";

    assertThat(
            script(
                "spawn-wave.sh",
                Map.of("CFN_WAVE_HOME", home.getParent().toString(), "PATH", path),
                "--wave-number",
                "1"))
        .isEqualTo(new Result(0, "home spawn --wave-number 1\n", ""));
    assertThat(script("monitor-wave.sh", Map.of("PATH", path), "--timeout", "5"))
        .isEqualTo(new Result(0, "path monitor --timeout 5\n", ""));
    assertThat(script("cleanup-wave.sh", Map.of("PATH", path)))
        .isEqualTo(new Result(0, "path cleanup\n", ""));
  }

  @Test
  void installedScriptsWithoutCfnWaveExit2WithOneLineSayingHowToInstall() throws Exception {
    cfnWave("skill", "install", dir.toString());

    for (String script : List.of("spawn-wave.sh", "monitor-wave.sh", "cleanup-wave.sh")) {
      Result result = script(script, Map.of("PATH", "/usr/bin:/bin"));
      assertThat(result.exitCode()).as(script).isEqualTo(2);
      assertThat(result.out()).isEmpty();
      assertThat(result.err().lines().toList())
          .as(script)
          .singleElement(InstanceOfAssertFactories.STRING)
          .contains("CFN_WAVE_HOME", "PATH", "install.sh");
    }
    Result nowhere =
        script(
            "spawn-wave.sh",
            Map.of("PATH", "/usr/bin:/bin", "CFN_WAVE_HOME", dir.resolve("nothing").toString()));
    assertThat(nowhere.exitCode()).isEqualTo(2);
    assertThat(nowhere.err().lines()).hasSize(1);
  }

  record Result(int exitCode, String out, String err) {}

  /** A stand-in cfn-wave that prints its name and arguments. */
  private static Path launcher(Path bin, String name) throws IOException {
    Path file = Files.createDirectories(bin).resolve("cfn-wave");
    Files.writeString(file, "#!/bin/sh\necho " + name + " \"$@\"\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  /** Runs an installed script from the repository, with only the given variables set. */
  private Result script(String name, Map<String, String> env, String... args) throws Exception {
    List<String> command =
        Stream.concat(
                Stream.of("bash", DropInSkill.FOLDER.resolve(name).toString()), Stream.of(args))
            .toList();
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    Path stdout = dir.resolve("script.out");
    Path stderr = dir.resolve("script.err");
    Process process =
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(name + " did not finish");
    }
    return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
  }
}
