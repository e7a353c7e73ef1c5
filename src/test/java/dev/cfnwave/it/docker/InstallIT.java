package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.DocumentationLinksTest;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.it.support.DockerTestSupport;
import dev.cfnwave.report.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The release archive the package phase built, as a user gets it: unpacked and installed into a
 * temporary HOME, used from a fresh git repository with nothing of this checkout on PATH or in any
 * file, then uninstalled.
 */
class InstallIT extends DockerTestSupport {

  private static final Path CHECKOUT = Path.of("").toAbsolutePath();
  private static final Path ARCHIVE =
      Path.of(System.getProperty("cfn.archive", "target/cfn-wave.tar.gz")).toAbsolutePath();
  private static final String SKILL = ".claude/skills/cfn-docker-wave-execution";
  private static final List<String> SYSTEM_PATH =
      List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

  record Result(int exitCode, String out, String err) {}

  private Path home;
  private Path prefix;
  private String taskId;

  @BeforeEach
  void freshHome() throws IOException {
    home = Files.createDirectories(temp.resolve("home"));
    prefix = home.resolve(".local");
    taskId = "install-" + runId;
  }

  @AfterEach
  void removeTheExamplesContainers() {
    ENGINE.listByLabels(Map.of(CfnLabels.TASK_ID, taskId)).forEach(c -> ENGINE.remove(c.id()));
  }

  @Test
  void theInstalledSkillRunsTheSpecsBasicExampleFromAFreshRepository() throws Exception {
    install();
    Path repo = Files.createDirectories(temp.resolve("repo"));
    assertThat(run(repo, "git", "init", "-q").exitCode()).isZero();
    Path examples = Files.createDirectories(repo.resolve("examples"));

    // from a sub-folder: the skill goes to the repository's root
    Result skill = run(examples, "cfn-wave", "skill", "install");

    assertThat(skill.exitCode()).as(skill.err()).isZero();
    assertThat(repo.resolve(SKILL + "/spawn-wave.sh")).isExecutable();
    assertThat(repo.resolve(SKILL + "/lib/docker-helpers.sh")).exists();
    writeExample(examples);

    Result example = run(repo, "bash", "examples/basic-wave-execution.sh");

    assertThat(example.exitCode()).as(example.err()).isZero();
    JsonNode spawned = Json.MAPPER.readTree(repo.resolve("wave1-spawned.json").toFile());
    assertThat(spawned.get("total_spawned").asInt()).isEqualTo(2);
    assertThat(spawned.get("containers"))
        .allSatisfy(
            c -> assertThat(c.get("id").asText()).isEqualTo(c.get("container_id").asText()));
    assertThat(Files.readString(repo.resolve("wave1-results.json"))).contains("\"failed\": 0");
    JsonNode cleaned = Json.MAPPER.readTree(repo.resolve("wave1-cleanup.json").toFile());
    assertThat(cleaned.get("containers_removed").asInt()).isEqualTo(2);
    assertThat(ENGINE.listByLabels(Map.of(CfnLabels.TASK_ID, taskId))).isEmpty();
    assertThat(workspace.resolve("results")).isNotEmptyDirectory();
    // nothing of the checkout: not in what ran, what it said, or what it wrote
    assertThat(example.out() + example.err() + skill.err()).doesNotContain(CHECKOUT.toString());
    assertNoCheckoutPathIn(prefix);
    assertNoCheckoutPathIn(repo);
  }

  @Test
  void completionAndManPagesAreWhereBashZshAndManLook() throws Exception {
    install();
    Path bash = prefix.resolve("share/bash-completion/completions/cfn-wave");

    Result complete =
        run(
            temp,
            "bash",
            "-c",
            "source "
                + bash
                + "; complete -p cfn-wave; "
                + "COMP_WORDS=(cfn-wave ''); COMP_CWORD=1; _complete_cfn-wave; echo ${COMPREPLY[@]}; "
                + "COMP_WORDS=(cfn-wave skill ''); COMP_CWORD=2; _complete_cfn-wave; "
                + "echo ${COMPREPLY[@]}");

    assertThat(complete.exitCode()).as(complete.err()).isZero();
    assertThat(complete.out().lines().toList())
        .containsExactly(
            "complete -o default -F _complete_cfn-wave cfn-wave",
            "spawn monitor cleanup run validate report runs status logs tiers doctor helpers skill help"
                + " completion",
            "install");
    // the installed script is what `cfn-wave completion` prints
    Result printed = run(temp, "cfn-wave", "completion", "bash");
    assertThat(printed.exitCode()).as(printed.err()).isZero();
    assertThat(printed.out()).isEqualTo(Files.readString(bash));
    assertThat(run(temp, "cfn-wave", "completion", "zsh").out())
        .isEqualTo(Files.readString(prefix.resolve("share/zsh/site-functions/_cfn-wave")));

    // an interactive zsh with the install's folder on fpath completes "cfn-wave sk<TAB><TAB>";
    // a key bound to print the edited line tells when both completions are done
    Path zshScript =
        Files.writeString(
            temp.resolve("complete.zsh"),
            String.join(
                "\n",
                "zmodload zsh/zpty",
                "zpty z env -i HOME=$HOME PATH=$PATH TERM=dumb zsh -f -i",
                "zpty -w z \"fpath=(" + prefix.resolve("share/zsh/site-functions") + " \\$fpath)\"",
                "zpty -w z 'autoload -U compinit; compinit -u -D'",
                "zpty -w z 'show() { print -r -- \"LINE\"\"=[$BUFFER]\" >/dev/tty }; zle -N show'",
                "zpty -w z 'bindkey \"^X^B\" show'",
                "zpty -w -n z $'cfn-wave sk\\t\\t\\C-x\\C-b'",
                "zpty -r z out '*LINE=\\[*\\]*'",
                "print -r -- \"${${out##*LINE=\\[}%%\\]*}\"",
                "zpty -d z",
                ""));
    Result zsh = run(temp, "zsh", "-f", zshScript);
    assertThat(zsh.exitCode()).as(zsh.err()).isZero();
    assertThat(zsh.out()).isEqualTo("cfn-wave skill install \n");

    List<String> pages;
    try (Stream<Path> files = Files.list(prefix.resolve("share/man/man1"))) {
      pages = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(pages)
        .contains(
            "cfn-wave.1",
            "cfn-wave-spawn.1",
            "cfn-wave-monitor.1",
            "cfn-wave-cleanup.1",
            "cfn-wave-run.1",
            "cfn-wave-skill-install.1");
    for (String page : pages) {
      Result man = run(temp, "man", "-P", "cat", "-l", prefix.resolve("share/man/man1/" + page));
      String name = page.substring(0, page.length() - ".1".length());
      assertThat(man.exitCode()).as(page + ": " + man.err()).isZero();
      assertThat(man.err()).as(page).isEmpty();
      assertThat(man.out()).as(page).contains("NAME", "SYNOPSIS", "EXIT STATUS");
      String command = name.replace('-', ' ').replace("cfn wave", "cfn-wave");
      command = command.replace("helpers check docker", "helpers check-docker");
      if (!name.startsWith("cfn-wave-helpers-")) {
        // every option --help shows is on the page: both come from the one command model
        Result help = run(temp, concat(command.split(" "), "--help"));
        assertThat(help.exitCode()).as(command).isZero();
        assertThat(man.out()).as(page).contains(longOptions(help.out()));
      }
    }
    // man finds them through PATH, with no MANPATH
    Result where = run(temp, "man", "-w", "cfn-wave-spawn");
    assertThat(where.out().strip())
        .isEqualTo(prefix.resolve("lib/cfn-wave/share/man/man1/cfn-wave-spawn.1").toString());

    // with no engine, it says what to do without naming a script of the checkout
    Result noEngine =
        run(temp, "DOCKER_HOST=tcp://127.0.0.1:9", "cfn-wave", "helpers", "check-docker");
    assertThat(noEngine.exitCode()).isEqualTo(1);
    assertThat(noEngine.err())
        .contains("cannot reach the Docker engine")
        .doesNotContain("scripts/");
  }

  @Test
  void uninstallRemovesWhatInstallPutAndNothingElse() throws Exception {
    Path mine = Files.createDirectories(prefix.resolve("bin")).resolve("my-tool");
    Files.writeString(mine, "mine\n");
    Map<String, String> before = tree(home);

    install();
    assertThat(run(temp, "cfn-wave", "--version").exitCode()).isZero();
    Result uninstall =
        run(temp, prefix.resolve("lib/cfn-wave/install.sh").toString(), "--uninstall");

    assertThat(uninstall.exitCode()).as(uninstall.err()).isZero();
    assertThat(tree(home)).isEqualTo(before);
    assertThat(run(temp, "bash", "-c", "command -v cfn-wave").exitCode()).isEqualTo(1);
  }

  /** Unpacks the archive, installs it with its install.sh, and deletes the unpacked copy. */
  private void install() throws Exception {
    assertThat(ARCHIVE).as("built by mvn package (scripts/package.sh)").exists();
    Path unpacked = Files.createDirectories(temp.resolve("download"));
    assertThat(run(unpacked, "tar", "xzf", ARCHIVE.toString()).exitCode()).isZero();
    Path folder;
    try (Stream<Path> folders = Files.list(unpacked)) {
      folder = folders.findFirst().orElseThrow();
    }
    assertThat(folder.getFileName().toString()).startsWith("cfn-wave-");
    assertThat(folder.resolve("LICENSE")).content().contains("Apache License", "Version 2.0");
    // what the archive's documents link to ships with them
    List<Path> pages;
    try (Stream<Path> files = Files.walk(folder)) {
      pages = files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
    }
    assertThat(pages).contains(folder.resolve("README.md"), folder.resolve("docs/cli.md"));
    assertThat(DocumentationLinksTest.brokenLinks(pages, folder)).isEmpty();

    Result install = run(unpacked, folder.resolve("install.sh").toString());

    assertThat(install.exitCode()).as(install.err()).isZero();
    assertThat(install.err()).contains("installed cfn-wave ", prefix.toString());
    run(temp, "rm", "-rf", unpacked.toString());
    assertThat(prefix.resolve("bin/cfn-wave")).isSymbolicLink();
  }

  /** The spec's example, as SkillScriptsIT runs it, under this test's task id. */
  private void writeExample(Path examples) throws IOException {
    String plan = Files.readString(CHECKOUT.resolve("examples/basic-plan.json"));
    Files.writeString(
        examples.resolve("basic-plan.json"),
        replaceOnce(plan, "\"task_id\": \"basic\"", "\"task_id\": \"" + taskId + "\""));
    String script = Files.readString(CHECKOUT.resolve("examples/basic-wave-execution.sh"));
    Files.writeString(
        examples.resolve("basic-wave-execution.sh"),
        replaceOnce(
            script,
            "cleanup-wave.sh \\\n  --wave-number 1 \\\n",
            "cleanup-wave.sh \\\n  --wave-number 1 --task-id " + taskId + " \\\n"));
  }

  private static String replaceOnce(String text, String what, String with) {
    assertThat(text.split(Pattern.quote(what), -1)).as("occurrences of " + what).hasSize(2);
    return text.replace(what, with);
  }

  private static String[] longOptions(String help) {
    List<String> options = new ArrayList<>();
    Matcher option = Pattern.compile("(?m)^\\s+(?:-\\w, )?(--[a-z][a-z-]*)").matcher(help);
    while (option.find()) {
      options.add(option.group(1));
    }
    assertThat(options).contains("--help");
    return options.toArray(String[]::new);
  }

  private void assertNoCheckoutPathIn(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (Files.isSymbolicLink(file)) {
          assertThat(Files.readSymbolicLink(file).toString()).doesNotContain(CHECKOUT.toString());
        }
        String name = file.getFileName().toString();
        if (!name.endsWith(".jar") && !name.endsWith(".aot") && !name.endsWith(".jsa")) {
          assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
              .as(file.toString())
              .doesNotContain(CHECKOUT.toString());
        }
      }
    }
  }

  /** Every path under a folder, with a file's content or a link's target. */
  private static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> tree = new LinkedHashMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted().toList()) {
        String content =
            Files.isSymbolicLink(path)
                ? "-> " + Files.readSymbolicLink(path)
                : Files.isRegularFile(path) ? Files.readString(path) : "/";
        tree.put(root.relativize(path).toString(), content);
      }
    }
    return tree;
  }

  /** A user's shell: this HOME, PATH with the install's bin and the system's, no checkout. */
  private Map<String, String> environment() {
    List<String> path = new ArrayList<>();
    path.add(prefix.resolve("bin").toString());
    path.addAll(SYSTEM_PATH);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOME", home.toString());
    env.put("PATH", String.join(":", path));
    env.put("LANG", "C.UTF-8");
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("WORKSPACE", workspace.toString());
    // on the default bridge: the example's default network, cfn-network, would outlive the test
    env.put("CFN_DOCKER_NETWORK", "bridge");
    for (String name : List.of("DOCKER_HOST", "DOCKER_CONTEXT")) {
      if (System.getenv(name) != null) {
        env.put(name, System.getenv(name));
      }
    }
    env.values().forEach(v -> assertThat(v).doesNotContain(CHECKOUT.toString()));
    return env;
  }

  private Result run(Path directory, Object... command) throws Exception {
    List<String> words = Stream.of(command).map(Object::toString).toList();
    // env looks the command up on the PATH given here, not on this JVM's
    List<String> argv = Stream.concat(Stream.of("/usr/bin/env"), words.stream()).toList();
    ProcessBuilder builder = new ProcessBuilder(argv).directory(directory.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment());
    Path out = Files.createTempFile(temp, "out", ".txt");
    Path err = Files.createTempFile(temp, "err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(300, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(words + " did not finish: " + Files.readString(err));
    }
    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static Object[] concat(String[] first, String last) {
    Object[] all = new Object[first.length + 1];
    System.arraycopy(first, 0, all, 0, first.length);
    all[first.length] = last;
    return all;
  }
}
