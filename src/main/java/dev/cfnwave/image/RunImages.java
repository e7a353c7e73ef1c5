package dev.cfnwave.image;

import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.ImageReference;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/** The distinct images of a plan's selected waves, in the order their first batches come. */
public final class RunImages {

  private RunImages() {}

  /**
   * @param baseImage what a batch without its own image runs (--base-image)
   * @param includesWave which waves by number run
   */
  public static List<NeededImage> of(WavePlan plan, String baseImage, IntPredicate includesWave) {
    Map<String, NeededImage> byKey = new LinkedHashMap<>();
    for (int w = 0; w < plan.waves().size(); w++) {
      Wave wave = plan.waves().get(w);
      if (!includesWave.test(wave.waveNumber())) {
        continue;
      }
      for (int b = 0; b < wave.batches().size(); b++) {
        Batch batch = wave.batches().get(b);
        String written = batch.imageOr(baseImage);
        String source =
            batch.image() == null
                ? "--base-image " + baseImage
                : plan.source() + ": $.waves[" + w + "].batches[" + b + "].image";
        ImageReference reference = ImageReference.parse(written);
        byKey.putIfAbsent(
            reference.normalized(), new NeededImage(written, reference, source, batch.batchId()));
      }
    }
    return List.copyOf(byKey.values());
  }
}
