package dev.cfnwave.engine;

/** What the engine says about itself. */
public record EngineInfo(String version, String apiVersion, long totalMemoryBytes) {}
