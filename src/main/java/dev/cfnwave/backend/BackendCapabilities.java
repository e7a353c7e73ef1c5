package dev.cfnwave.backend;

/**
 * What a kind of backend does differently, known by its name before connecting (see {@code
 * Backends.capabilities}); the backend contract suite holds each backend to its record.
 *
 * @param placesOnNodes each attempt is placed on one node by its memory reservation (Swarm), so it
 *     must fit one node's memory and placement constraints apply; Docker only limits an attempt's
 *     memory on the one host
 * @param launchIsOneStep a launch is one engine call, so that no attempt is ever half launched
 *     (Swarm: creating the service is the launch); then {@link Backend#recover} lists every attempt
 *     it finds, and launching an attempt of the same run and batch again takes the launched one
 *     over instead of refusing
 * @param startsOnLaunch a launched attempt runs at once (Docker starts the container it creates);
 *     where not (Swarm places a task on a node when one has room), a launched attempt is {@link
 *     AttemptPhase#PENDING} until it starts: time limits count from its start, and a pending time
 *     limit bounds the wait
 * @param stopKeepsExitCode a stopped attempt's status has the exit code of the signal that ended
 *     it; Swarm deletes the task of a service scaled to 0 once it is down, so there it has none
 */
public record BackendCapabilities(
    boolean placesOnNodes,
    boolean launchIsOneStep,
    boolean startsOnLaunch,
    boolean stopKeepsExitCode) {

  /** The same, but attempts wait to be placed ({@code startsOnLaunch} false). */
  public BackendCapabilities placedLater() {
    return new BackendCapabilities(placesOnNodes, launchIsOneStep, false, stopKeepsExitCode);
  }
}
