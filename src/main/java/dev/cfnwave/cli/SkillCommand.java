package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes the drop-in skill into a repository, where the original skill's callers look for it. */
@Command(
    name = "skill",
    mixinStandardHelpOptions = true,
    description = "The drop-in cfn-docker-wave-execution skill.")
final class SkillCommand {

  private final Context context;

  @Mixin StackTraceOption stackTrace;

  SkillCommand(Context context) {
    this.context = context;
  }

  @Command(
      name = "install",
      mixinStandardHelpOptions = true,
      description = {
        "Write the drop-in skill into DIR/.claude/skills/cfn-docker-wave-execution/.",
        "Its files: spawn-wave.sh, monitor-wave.sh, cleanup-wave.sh, lib/docker-helpers.sh.",
        "The scripts find cfn-wave through CFN_WAVE_HOME, then PATH; with neither they"
            + " exit 2 saying how to install it."
      })
  int install(
      @Parameters(
              paramLabel = "DIR",
              arity = "0..1",
              description =
                  "The repository to install into (default: the git root of the working folder).")
          Path dir,
      @Option(
              names = "--force",
              description = "Overwrite the skill's files when they are there already.")
          boolean force) {
    Path root = dir != null ? dir : defaultRoot();
    List<Path> written;
    try {
      written = DropInSkill.install(root, force);
    } catch (IOException e) {
      throw new InputException(root.toString(), "cannot write the skill: " + e);
    }
    context.err.println(
        "cfn-wave skill install: wrote "
            + String.join(", ", DropInSkill.FILES)
            + " to "
            + root.toAbsolutePath().normalize().resolve(DropInSkill.FOLDER));
    return ExitCodes.OK;
  }

  private static Path defaultRoot() {
    Path here = Path.of("").toAbsolutePath();
    return DropInSkill.gitRoot(here)
        .orElseThrow(
            () ->
                new InputException(
                    here.toString(),
                    "not inside a git repository; name the folder: cfn-wave skill install DIR"));
  }
}
