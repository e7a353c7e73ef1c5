package dev.cfnwave.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** depends_on as the plan reader checks it: every problem is one line naming its JSON path. */
class DependencyCheckTest {

  private static WavePlan parse(String waves) {
    return new PlanReader(TierTable.defaults(), w -> {})
        .parse("plan.json", "{\"waves\": [" + waves + "]}");
  }

  private static String wave(int number, String... batches) {
    return "{\"wave_number\": " + number + ", \"batches\": [" + String.join(", ", batches) + "]}";
  }

  private static String batch(String id, String... dependsOn) {
    String list = dependsOn.length == 0 ? "" : "\"" + String.join("\", \"", dependsOn) + "\"";
    return "{\"batch_id\": \"" + id + "\", \"tier\": 1, \"depends_on\": [" + list + "]}";
  }

  @Test
  void dependenciesOnEarlierAndTheSameWaveAreRead() {
    WavePlan plan =
        parse(wave(1, batch("a"), batch("b", "a")) + ", " + wave(2, batch("c", "a", "b")));

    assertThat(plan.waves().get(0).batches().get(1).dependsOn()).containsExactly("a");
    assertThat(plan.waves().get(1).batches().get(0).dependsOn()).containsExactly("a", "b");
  }

  @Test
  void aBatchWithoutDependsOnDependsOnNothing() {
    WavePlan plan = parse(wave(1, "{\"batch_id\": \"a\", \"tier\": 1, \"depends_on\": null}"));

    assertThat(plan.waves().get(0).batches().get(0).dependsOn()).isEmpty();
  }

  @Test
  void anUnknownIdIsRefusedByItsPath() {
    assertThatThrownBy(() -> parse(wave(1, batch("a"), batch("b", "a", "nope"))))
        .isInstanceOf(PlanException.class)
        .hasMessage("plan.json: $.waves[0].batches[1].depends_on[1]: unknown batch_id 'nope'");
  }

  @Test
  void aDependencyOnALaterWaveIsRefused() {
    assertThatThrownBy(() -> parse(wave(1, batch("a", "b")) + ", " + wave(2, batch("b"))))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith(
            "plan.json: $.waves[0].batches[0].depends_on[0]: 'b' is in a later wave"
                + " ($.waves[1].batches[0])");
  }

  @Test
  void aBatchDependingOnItselfIsRefused() {
    assertThatThrownBy(() -> parse(wave(1, batch("a", "a"))))
        .isInstanceOf(PlanException.class)
        .hasMessage("plan.json: $.waves[0].batches[0].depends_on[0]: batch 'a' depends on itself");
  }

  @Test
  void aCycleIsRefusedWithItsPath() {
    assertThatThrownBy(
            () ->
                parse(
                    wave(0, batch("x"))
                        + ", "
                        + wave(1, batch("a", "b"), batch("b", "c"), batch("c", "x", "a"))))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith(
            "plan.json: $.waves[1].batches[0].depends_on: dependency cycle: a -> b -> c -> a");
  }

  @Test
  void anIdThatIsNoStringIsRefused() {
    assertThatThrownBy(
            () ->
                parse(
                    wave(1, batch("a"), "{\"batch_id\": \"b\", \"tier\": 1, \"depends_on\": [1]}")))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith("plan.json: $.waves[0].batches[1].depends_on[0]: must be a string");
    assertThatThrownBy(
            () -> parse(wave(1, "{\"batch_id\": \"b\", \"tier\": 1, \"depends_on\": \"a\"}")))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith("plan.json: $.waves[0].batches[0].depends_on: must be an array");
  }

  @Test
  void theSameIdTwiceIsRefused() {
    assertThatThrownBy(() -> parse(wave(1, batch("a"), batch("b", "a", "a"))))
        .isInstanceOf(PlanException.class)
        .hasMessage("plan.json: $.waves[0].batches[1].depends_on[1]: lists 'a' twice");
  }
}
