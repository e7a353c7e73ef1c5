package dev.cfnwave.spawn;

import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.PlanException;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * What spawn can honour of a plan's {@code depends_on}: it starts a whole wave at once, so it
 * refuses a wave whose batches depend on each other (run orders them), and only warns about
 * dependencies on earlier waves, which it does not check.
 */
public final class SpawnDependencies {

  private SpawnDependencies() {}

  /**
   * @throws PlanException naming the first same-wave dependency by its JSON path
   */
  public static void check(WavePlan plan, Wave wave, Consumer<String> warnings) {
    int waveIndex = plan.waves().indexOf(wave);
    Set<String> sameWave =
        wave.batches().stream().map(Batch::batchId).collect(Collectors.toUnmodifiableSet());
    for (int i = 0; i < wave.batches().size(); i++) {
      Batch batch = wave.batches().get(i);
      for (int k = 0; k < batch.dependsOn().size(); k++) {
        String id = batch.dependsOn().get(k);
        if (sameWave.contains(id)) {
          throw new PlanException(
              plan.source()
                  + ": $.waves["
                  + waveIndex
                  + "].batches["
                  + i
                  + "].depends_on["
                  + k
                  + "]",
              "batch '"
                  + batch.batchId()
                  + "' depends on '"
                  + id
                  + "' of the same wave, but spawn starts a wave's batches all at once; use"
                  + " cfn-wave run, which starts it once '"
                  + id
                  + "' succeeded");
        }
      }
      if (!batch.dependsOn().isEmpty()) {
        warnings.accept(
            "batch '"
                + batch.batchId()
                + "' depends on "
                + String.join(", ", batch.dependsOn())
                + " of earlier waves: spawn does not check that they succeeded (run does)");
      }
    }
  }
}
