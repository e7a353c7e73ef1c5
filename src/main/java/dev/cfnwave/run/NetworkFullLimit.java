package dev.cfnwave.run;

import dev.cfnwave.run.journal.BatchRun;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How long a batch may keep going back to the queue because the engine said its network was full at
 * start. Admission only launches when the network's count shows room, so answers in a row mean
 * something the count does not see holds the endpoints (another tool, a foreign veth on the
 * bridge): waiting would loop forever. Past {@link #MOST_IN_A_ROW} answers in a row, or {@link
 * #LONGEST} since the first of them, the attempt ends as a failed launch with a reason that says
 * so, and the retry policy takes it from there.
 *
 * <p>The count lives on the batch and is journalled with each {@code attempt_requeued}, so a resume
 * keeps it; the time since the first answer is this process's own, so time spent stopped between a
 * crash and its resume does not count.
 */
final class NetworkFullLimit {

  /** About a minute of answers at the 2 s backoff. */
  static final int MOST_IN_A_ROW = 30;

  /** For when admission is slow and answers come far apart. */
  static final Duration LONGEST = Duration.ofMinutes(5);

  private final Map<String, Instant> firstAnswer = new HashMap<>();

  /**
   * Takes one "network full" answer to the batch's current launch.
   *
   * @return the reason to end the attempt with, or empty to put it back in the queue
   */
  Optional<String> giveUp(BatchRun b, String error, Instant now) {
    String id = b.batch.batchId();
    if (b.networkFullInARow() == 0) {
      firstAnswer.put(id, now);
    }
    Instant first = firstAnswer.computeIfAbsent(id, k -> now);
    int answers = b.networkFullInARow() + 1;
    Duration waited = Duration.between(first, now);
    if (answers <= MOST_IN_A_ROW && waited.compareTo(LONGEST) < 0) {
      return Optional.empty();
    }
    firstAnswer.remove(id);
    return Optional.of(
        "its network was full at each of "
            + answers
            + " starts in a row over "
            + waited.toSeconds()
            + " s, though its count showed room: something outside cfn-wave holds the network's"
            + " endpoints (cfn-wave doctor shows them); last: "
            + error);
  }
}
