package dev.cfnwave.monitor;

import dev.cfnwave.report.ManifestReader;
import dev.cfnwave.report.MonitorResults.ContainerResult;

/** One container under watch: what the manifest said, what the engine says, and its outcome. */
final class Watched {

  final ManifestReader.Container entry;
  String id;
  String name;
  String batchId;
  String runId;
  boolean labelled;
  ContainerResult result;

  Watched(ManifestReader.Container entry) {
    this.entry = entry;
    this.id = entry.containerId();
    this.name = entry.containerName();
    this.batchId = entry.batchId();
  }

  boolean isPending() {
    return result == null;
  }
}
