package dev.cfnwave.run;

import dev.cfnwave.report.RunReport;
import dev.cfnwave.run.journal.RunStatus;

/** The report of a finished (or interrupted) run and how it ended. */
public record RunOutcome(RunReport report, RunStatus status) {}
