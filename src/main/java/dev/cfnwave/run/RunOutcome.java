package dev.cfnwave.run;

import dev.cfnwave.report.RunReport;

/** The report of a finished (or interrupted) run and the exit code it maps to. */
public record RunOutcome(RunReport report, int exitCode) {}
