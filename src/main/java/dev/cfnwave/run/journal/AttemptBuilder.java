package dev.cfnwave.run.journal;

import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.render.RunHistory.AttemptHistory;
import dev.cfnwave.report.AttemptOutput;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.FailureRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/** One attempt of a run's history, filled in from its journal lines. */
final class AttemptBuilder {
  final int number;
  final String name;
  final Integer tier;
  final MemorySize limit;
  final Instant admittedAt;
  final String image;
  final String imageDigest;
  String handle;
  Instant launchedAt;
  Instant startedAt;
  Instant completedAt;
  Instant endedAt;
  Long exitCode;
  ExitStatus exitStatus;
  String error;
  String node;
  Long peakMemoryBytes;
  AttemptOutput output;
  FailureRule rule;

  AttemptBuilder(JournalEntry e, Instant at) {
    number = e.attempt();
    name = e.name();
    tier = e.tier();
    limit = e.memoryLimit() == null ? null : MemorySize.parse(e.memoryLimit());
    admittedAt = at;
    image = e.image();
    imageDigest = e.imageDigest();
  }

  void started(JournalEntry e, Instant at) {
    launchedAt = launchedAt == null ? at : launchedAt;
    handle = e.handle();
    startedAt = instant(e.startedAt());
  }

  void ended(JournalEntry e, Instant at) {
    handle = e.handle() != null ? e.handle() : handle;
    startedAt = e.startedAt() != null ? instant(e.startedAt()) : startedAt;
    completedAt = instant(e.completedAt());
    endedAt = at;
    exitCode = e.exitCode();
    exitStatus =
        e.exitStatus() == null ? null : ExitStatus.valueOf(e.exitStatus().toUpperCase(Locale.ROOT));
    error = e.error();
    node = e.node();
    peakMemoryBytes = e.peakMemoryBytes();
    output = e.output();
    rule = e.rule();
  }

  AttemptHistory build(Instant queuedAt, Path runDirectory) {
    Path log = name == null ? null : runDirectory.resolve("logs").resolve(name + ".log");
    return new AttemptHistory(
        number,
        name,
        handle,
        tier,
        limit,
        queuedAt,
        admittedAt,
        launchedAt,
        startedAt,
        completedAt,
        endedAt,
        exitCode,
        exitStatus,
        error,
        log != null && Files.isRegularFile(log) ? log : null,
        peakMemoryBytes == null || peakMemoryBytes <= 0 ? null : new MemorySize(peakMemoryBytes),
        node,
        image,
        imageDigest,
        output,
        rule);
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }
}
