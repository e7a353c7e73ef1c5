package dev.cfnwave.backend;

/** One node where attempts run, and the memory it has for them. */
public record NodeCapacity(String node, long memoryBytes) {}
