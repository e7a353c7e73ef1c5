package dev.cfnwave.cli;

import java.util.List;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Each command's examples, from the simplest to a typical CI use, by its qualified name: --help's
 * "Examples:" section, the man pages' EXAMPLES and docs/cli.md show them. A new command adds its
 * case; ExamplesTest parses every example against the command model.
 */
final class Examples {

  /** The help section's key, after the exit codes. */
  static final String SECTION = "examples";

  private static final String CONTAINER = "cfn-wave1-iter1-batch-1-5f3a9c21";

  private static final String CONTAINER_ID = "4f1c9e0d2b7a";

  private Examples() {}

  /**
   * What an example does and its command, one line or more (continued with " \" when shown).
   *
   * @param what a short phrase, shown as a comment above the command
   */
  record Example(String what, List<String> lines) {
    Example(String what, String... lines) {
      this(what, List.of(lines));
    }

    /** The command as one line. */
    String commandLine() {
      return String.join(" ", lines);
    }
  }

  static List<Example> of(String command) {
    return switch (command) {
      case "cfn-wave" ->
          List.of(
              new Example("Run every wave of a plan", "cfn-wave run --wave-plan plan.json"),
              new Example(
                  "The seed's steps for one wave: spawn, then monitor and cleanup",
                  "cfn-wave spawn --wave-plan plan.json --wave-number 1 --output wave1.json"),
              new Example("What a command takes, with examples", "cfn-wave help run"));
      case "cfn-wave spawn" ->
          List.of(
              new Example(
                  "Spawn wave 1 of a plan; the manifest goes to stdout",
                  "cfn-wave spawn --wave-plan plan.json --wave-number 1"),
              new Example(
                  "Show what would be spawned, creating nothing",
                  "cfn-wave spawn --wave-plan plan.json --wave-number 1 --dry-run"),
              new Example(
                  "In CI: a pinned image, the checkout as workspace, the manifest kept",
                  "cfn-wave spawn --wave-plan plan.json --wave-number 1",
                  "--base-image my-agent:1.4 --workspace \"$PWD\"",
                  "--output wave1-spawned.json"));
      case "cfn-wave monitor" ->
          List.of(
              new Example(
                  "Watch spawn's containers until they end, for 30 minutes at most",
                  "cfn-wave monitor --containers wave1-spawned.json --timeout 1800"),
              new Example(
                  "In CI: every log saved as its container ends, the results kept",
                  "cfn-wave monitor --containers wave1-spawned.json --preserve-logs",
                  "--output wave1-results.json"));
      case "cfn-wave cleanup" ->
          List.of(
              new Example(
                  "Remove wave 1's containers, keeping the failed ones' logs",
                  "cfn-wave cleanup --wave-number 1"),
              new Example(
                  "Show what would be removed, removing nothing",
                  "cfn-wave cleanup --wave-number 1 --dry-run"),
              new Example(
                  "Containers of runs whose orchestrator was killed", "cfn-wave cleanup --orphans"),
              new Example(
                  "In CI after monitor: exactly the manifest's containers",
                  "cfn-wave cleanup --containers wave1-spawned.json",
                  "--output wave1-cleanup.json"));
      case "cfn-wave run" ->
          List.of(
              new Example("Run every wave of a plan", "cfn-wave run --wave-plan plan.json"),
              new Example(
                  "Preview the run: start order, memory, images; create nothing",
                  "cfn-wave run --wave-plan plan.json --dry-run"),
              new Example("Resume a run whose orchestrator died", "cfn-wave run --resume 5f3a9c21"),
              new Example(
                  "In CI: retry OOM kills and exit 3, not a spent quota",
                  "cfn-wave run --wave-plan plan.json --base-image my-agent:1.4",
                  "--workspace \"$PWD\" --memory-budget 16g --retries 2",
                  "--escalate-memory --keep-going --retry-on oom_killed,exit:3",
                  "--fail-fast-on-log 'quota exceeded|invalid api key'"));
      case "cfn-wave validate" ->
          List.of(
              new Example("Check a plan and preview its run", "cfn-wave validate plan.json"),
              new Example(
                  "In a CI lint step without an engine, against a 16g budget",
                  "cfn-wave validate plan.json --memory-budget 16g"),
              new Example(
                  "Continuous schedule, every image already on the engine",
                  "cfn-wave validate plan.json --schedule continuous --pull never"));
      case "cfn-wave runs" ->
          List.of(
              new Example("The runs under .artifacts/runs, newest first", "cfn-wave runs"),
              new Example(
                  "The last five runs of a CI runs folder",
                  "cfn-wave runs --runs-dir ci/runs --limit 5"));
      case "cfn-wave status" ->
          List.of(
              new Example("What the newest run is doing, and its ETA", "cfn-wave status"),
              new Example("One run, by its id", "cfn-wave status 5f3a9c21"));
      case "cfn-wave logs" ->
          List.of(
              new Example("A batch's latest log", "cfn-wave logs 5f3a9c21 batch-1"),
              new Example(
                  "Follow a running batch until it ends",
                  "cfn-wave logs 5f3a9c21 batch-1 --follow"),
              new Example("Its first attempt's log", "cfn-wave logs 5f3a9c21 batch-1 --attempt 1"));
      case "cfn-wave doctor" ->
          List.of(
              new Example("Check this host's engine and kernel limits", "cfn-wave doctor"),
              new Example(
                  "Check the host against a plan before a big run",
                  "cfn-wave doctor --wave-plan plan.json"));
      case "cfn-wave report" ->
          List.of(
              new Example(
                  "A run's JSON report, by its run id under .artifacts/runs",
                  "cfn-wave report 5f3a9c21"),
              new Example(
                  "JUnit XML for the CI's test results",
                  "cfn-wave report 5f3a9c21 --format junit --output junit.xml"),
              new Example(
                  "The HTML timeline of a run folder kept elsewhere",
                  "cfn-wave report ci/runs/5f3a9c21 --format html --output timeline.html"));
      case "cfn-wave tiers" ->
          List.of(
              new Example(
                  "Suggest tiers from what a finished run measured",
                  "cfn-wave tiers suggest 5f3a9c21"),
              new Example(
                  "Write the run's plan with the suggested tiers",
                  "cfn-wave tiers suggest 5f3a9c21 --write-plan plan-resized.json"));
      case "cfn-wave tiers suggest" ->
          List.of(
              new Example(
                  "Suggest tiers from what a finished run measured",
                  "cfn-wave tiers suggest 5f3a9c21"),
              new Example(
                  "From three runs, with the makespan the new tiers would give",
                  "cfn-wave tiers suggest 5f3a9c21 7c0d11e4 9a2b3344 --what-if"),
              new Example(
                  "Write the first run's plan with the suggested tiers",
                  "cfn-wave tiers suggest 5f3a9c21 --write-plan plan-resized.json"));
      case "cfn-wave helpers" ->
          List.of(
              new Example("A memory size in bytes", "cfn-wave helpers parse-memory 512m"),
              new Example("Whether the engine answers", "cfn-wave helpers check-docker"));
      case "cfn-wave helpers parse-memory" ->
          List.of(
              new Example("Prints 536870912", "cfn-wave helpers parse-memory 512m"),
              new Example("Prints 15569256448", "cfn-wave helpers parse-memory 14.5GB"));
      case "cfn-wave helpers container-status" ->
          List.of(
              new Example(
                  "running, exited or failed", "cfn-wave helpers container-status " + CONTAINER),
              new Example(
                  "By id, as a manifest's container_id has it",
                  "cfn-wave helpers container-status " + CONTAINER_ID));
      case "cfn-wave helpers exit-code" ->
          List.of(
              new Example(
                  "The exit code of a container that ended",
                  "cfn-wave helpers exit-code " + CONTAINER),
              new Example(
                  "By id, as a manifest's container_id has it",
                  "cfn-wave helpers exit-code " + CONTAINER_ID));
      case "cfn-wave helpers wait" ->
          List.of(
              new Example(
                  "Wait for a container, 30 minutes at most (the default)",
                  "cfn-wave helpers wait " + CONTAINER),
              new Example(
                  "Wait up to an hour for two containers",
                  "cfn-wave helpers wait --timeout 3600 " + CONTAINER_ID + " 9c1e7f"));
      case "cfn-wave helpers check-docker" ->
          List.of(
              new Example(
                  "The engine of DOCKER_HOST, else the local one", "cfn-wave helpers check-docker"),
              new Example(
                  "A remote engine (over TLS with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH)",
                  "DOCKER_HOST=tcp://manager:2376 cfn-wave helpers check-docker"));
      case "cfn-wave helpers manifest-entry" ->
          List.of(
              new Example(
                  "A manifest entry for a container of batch-1 in tier 2",
                  "cfn-wave helpers manifest-entry " + CONTAINER_ID + " batch-1 2"),
              new Example(
                  "With tier 2 set to 2g for this call",
                  "CFN_TIER_2_MEMORY=2g cfn-wave helpers manifest-entry 9c1e7f batch-2 2"));
      case "cfn-wave helpers save-logs" ->
          List.of(
              new Example(
                  "Save a container's log as logs/CONTAINER.log",
                  "cfn-wave helpers save-logs " + CONTAINER + " logs"),
              new Example(
                  "Where the seed's cleanup keeps them",
                  "cfn-wave helpers save-logs "
                      + CONTAINER_ID
                      + " .artifacts/logs/container-logs"));
      case "cfn-wave skill" ->
          List.of(
              new Example("Into the git repository you are in", "cfn-wave skill install"),
              new Example("Into another repository", "cfn-wave skill install ~/src/my-repo"));
      case "cfn-wave skill install" ->
          List.of(
              new Example("Into the git repository you are in", "cfn-wave skill install"),
              new Example(
                  "Into another repository, over an older copy",
                  "cfn-wave skill install ~/src/my-repo --force"));
      case "cfn-wave help" ->
          List.of(
              new Example("Show run's options and examples", "cfn-wave help run"),
              new Example("Show a subcommand's help", "cfn-wave help tiers suggest"));
      case "cfn-wave completion" ->
          List.of(
              new Example("Completion in this bash session", "source <(cfn-wave completion bash)"),
              new Example(
                  "In every zsh session (a folder on fpath)",
                  "cfn-wave completion zsh > ~/.zfunc/_cfn-wave"));
      default -> List.of();
    };
  }

  /** Registers the "Examples:" section, after the exit codes, when the command has examples. */
  static void addSection(UsageMessageSpec usage, String command) {
    List<Example> examples = of(command);
    if (examples.isEmpty() || usage.sectionKeys().contains(SECTION)) {
      return;
    }
    List<String> keys = new java.util.ArrayList<>(usage.sectionKeys());
    keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST) + 1, SECTION);
    usage.sectionKeys(keys);
    usage.sectionMap().put(SECTION, help -> render(examples));
  }

  /** "# what" above each command, indented; a line of a long command ends with " \". */
  static String render(List<Example> examples) {
    StringBuilder text = new StringBuilder(String.format("%nExamples:%n"));
    for (Example example : examples) {
      text.append("  # ").append(example.what()).append(System.lineSeparator());
      for (int i = 0; i < example.lines().size(); i++) {
        boolean last = i == example.lines().size() - 1;
        text.append(i == 0 ? "  " : "      ")
            .append(example.lines().get(i))
            .append(last ? "" : " \\")
            .append(System.lineSeparator());
      }
    }
    return text.toString();
  }
}
