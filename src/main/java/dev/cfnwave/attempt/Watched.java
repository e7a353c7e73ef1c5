package dev.cfnwave.attempt;

import dev.cfnwave.report.ManifestReader;
import dev.cfnwave.report.MonitorResults.ContainerResult;

/** One container under watch: what the manifest said, what the engine says, and its outcome. */
public final class Watched {

  public final ManifestReader.Container entry;
  public String id;
  public String name;
  public String batchId;
  public String runId;
  public boolean labelled;
  public ContainerResult result;

  public Watched(ManifestReader.Container entry) {
    this.entry = entry;
    this.id = entry.containerId();
    this.name = entry.containerName();
    this.batchId = entry.batchId();
  }

  public boolean isPending() {
    return result == null;
  }
}
