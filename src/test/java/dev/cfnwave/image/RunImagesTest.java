package dev.cfnwave.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.plan.PlanReader;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.WavePlan;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunImagesTest {

  private static final String PLAN =
      """
      {"waves": [
        {"wave_number": 1, "batches": [
          {"batch_id": "a", "tier": 1},
          {"batch_id": "b", "tier": 1, "image": "localhost:5000/team/one:1"}]},
        {"wave_number": 2, "batches": [
          {"batch_id": "c", "tier": 1, "image": "docker.io/library/base:latest"},
          {"batch_id": "d", "tier": 1, "image": "localhost:5000/team/two:1"},
          {"batch_id": "e", "tier": 1, "image": "localhost:5000/team/one:1"}]}]}
      """;

  private final WavePlan plan =
      new PlanReader(TierTable.defaults(), w -> {}).parse("plan.json", PLAN);

  @Test
  void eachImageOnceInTheOrderItsFirstBatchComes() {
    List<NeededImage> images = RunImages.of(plan, "base", wave -> true);

    assertThat(images)
        .extracting(NeededImage::image, NeededImage::source, NeededImage::firstBatchId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("base", "--base-image base", "a"),
            org.assertj.core.groups.Tuple.tuple(
                "localhost:5000/team/one:1", "plan.json: $.waves[0].batches[1].image", "b"),
            org.assertj.core.groups.Tuple.tuple(
                "localhost:5000/team/two:1", "plan.json: $.waves[1].batches[1].image", "d"));
  }

  @Test
  void onlyTheSelectedWavesCountAndPathsStayThoseOfTheFile() {
    List<NeededImage> images = RunImages.of(plan, "base", wave -> wave == 2);

    assertThat(images)
        .extracting(NeededImage::source)
        .containsExactly(
            "plan.json: $.waves[1].batches[0].image",
            "plan.json: $.waves[1].batches[1].image",
            "plan.json: $.waves[1].batches[2].image");
  }
}
