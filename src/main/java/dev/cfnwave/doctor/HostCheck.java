package dev.cfnwave.doctor;

import java.util.List;

/**
 * One check of the host a run is about to use. Each is built with what it looks at (the backend, a
 * network, the plan's figures, the host's files) and may be run again: doctor runs them all, and a
 * preview of a run can run the ones that concern it.
 */
public interface HostCheck {

  /** One result per thing checked (a network check: one per network). */
  List<CheckResult> run();
}
