package dev.cfnwave.backend;

import java.nio.file.Path;

/** A container's log written to a file; truncated when it reached the size cap. */
public record SavedLog(Path file, long bytes, boolean truncated) {}
