package dev.cfnwave.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.cfnwave.backend.AddressPoolRoom;
import dev.cfnwave.backend.NodeCapacity;
import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.image.PullPolicy;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.preview.PreviewDocument.Start;
import dev.cfnwave.run.RunBudget;
import dev.cfnwave.run.admission.Schedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The preview of a run, over the in-memory backend: nothing is created or pulled. */
class RunPreviewTest {

  private static final String BASE = "team/agent:1";
  private static final MemorySize G1 = MemorySize.parse("1g");

  private final InMemoryBackend backend = new InMemoryBackend();

  @AfterEach
  void close() {
    backend.close();
  }

  @Test
  void fortyOneGigBatchesOnATwentyFiveGigBudgetStartInTwoRounds() {
    WavePlan plan = plan(new Wave(1, batches("b", 40, G1)));

    PreviewDocument d = preview(request(plan), engine(RunBudget.given(MemorySize.parse("25g"))));

    assertThat(d.ready()).isTrue();
    assertThat(d.waves().get(0).rounds()).isEqualTo(2);
    assertThat(d.waves().get(0).peakReservedBytes()).isEqualTo(25 * G1.bytes());
    assertThat(d.startOrder()).hasSize(40);
    assertThat(d.startOrder().stream().filter(s -> s.round() == 1)).hasSize(25);
    assertThat(d.warnings())
        .anySatisfy(w -> assertThat(w).contains("wave 1", "40 batches", "25 of them", "2 rounds"));
    assertThat(backend.createdCount()).isZero();
    assertThat(backend.images().pulls()).isEmpty();
  }

  @Test
  void everyBatchThatFitsNowhereIsListedAndLeftOutOfTheOrder() {
    WavePlan plan =
        plan(
            new Wave(1, List.of(batch("small", "512m"), batch("big", "3g"))),
            new Wave(2, List.of(batch("bigger", "4g"))));

    PreviewDocument d = preview(request(plan), engine(RunBudget.given(MemorySize.parse("2g"))));

    assertThat(d.ready()).isFalse();
    assertThat(d.unfit())
        .extracting(PreviewDocument.Unfit::batchId)
        .containsExactly("big", "bigger");
    assertThat(d.problems())
        .containsExactly(
            "plan.json: $.waves[0].batches[1]: memory limit 3g of batch 'big' exceeds the memory"
                + " budget 2g",
            "plan.json: $.waves[1].batches[0]: memory limit 4g of batch 'bigger' exceeds the"
                + " memory budget 2g");
    assertThat(d.startOrder()).extracting(Start::batchId).containsExactly("small");
  }

  @Test
  void aBatchLargerThanEveryNodeFitsNowhereThoughTheBudgetHoldsIt() {
    RunBudget budget =
        RunBudget.onNodes(
            List.of(new NodeCapacity("a", 5L << 30), new NodeCapacity("b", 5L << 30)),
            null,
            MemorySize.parse("1g"));
    WavePlan plan = plan(new Wave(1, List.of(batch("wide", "6g"), batch("narrow", "4g"))));

    PreviewDocument d = preview(request(plan), engine(budget));

    assertThat(d.unfit())
        .singleElement()
        .satisfies(u -> assertThat(u.reason()).contains("no node"));
    assertThat(d.memoryBudget().nodes()).hasSize(2);
    assertThat(d.startOrder()).extracting(Start::batchId).containsExactly("narrow");
  }

  @Test
  void underPullNeverAMissingImageIsAProblemAndNothingIsPulled() {
    backend.images().onlyThoseAdded().add(BASE, "sha256:" + "a".repeat(64));
    WavePlan plan =
        plan(new Wave(1, List.of(imaged("own", "512m", "team/other:2"), batch("base", "512m"))));

    PreviewDocument never =
        preview(request(plan).withPull(PullPolicy.NEVER), engine(RunBudget.given(G1)));
    PreviewDocument missing = preview(request(plan), engine(RunBudget.given(G1)));
    PreviewDocument always =
        preview(request(plan).withPull(PullPolicy.ALWAYS), engine(RunBudget.given(G1)));

    assertThat(never.ready()).isFalse();
    assertThat(never.problems())
        .containsExactly(
            "plan.json: $.waves[0].batches[0].image: team/other:2 is not where attempts run, and"
                + " --pull never forbids pulling it");
    assertThat(never.images())
        .extracting(PreviewDocument.Image::action)
        .containsExactly("refused", "use");
    assertThat(missing.ready()).isTrue();
    assertThat(missing.images())
        .extracting(PreviewDocument.Image::action)
        .containsExactly("pull", "use");
    assertThat(always.images())
        .extracting(PreviewDocument.Image::action)
        .containsExactly("pull", "pull_again");
    assertThat(backend.images().pulls()).isEmpty();
  }

  @Test
  void withoutAnEngineThePlanIsStillOrderedAndNothingElseIsClaimed() {
    WavePlan plan = plan(new Wave(1, batches("b", 40, G1)));
    RunPreview.EngineView none =
        new RunPreview.EngineView("docker", null, null, List.of(), "not reachable");

    PreviewDocument d = preview(request(plan), none);

    assertThat(d.ready()).isTrue();
    assertThat(d.engine().reachable()).isFalse();
    assertThat(d.engine().note()).isEqualTo("not reachable");
    assertThat(d.memoryBudget()).isNull();
    assertThat(d.waves().get(0).rounds()).isNull();
    assertThat(d.waves().get(0).peakReservedBytes()).isNull();
    assertThat(d.startOrder()).hasSize(40).allSatisfy(s -> assertThat(s.round()).isNull());
    assertThat(d.images())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.present()).isNull();
              assertThat(i.action()).isEqualTo("unchecked");
            });
    assertThat(d.warnings()).isEmpty();
  }

  @Test
  void longBatchesStartFirstAndTimesAreGivenOnceEveryBatchHasAnEstimate() {
    WavePlan plan =
        plan(
            new Wave(
                1,
                List.of(
                    batch("short", "1g", 10), batch("long", "1g", 100), batch("mid", "1g", 50))),
            new Wave(2, List.of(batch("last", "1g", 5))));

    PreviewDocument d =
        preview(
            request(plan).withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30)),
            engine(RunBudget.given(MemorySize.parse("2g"))));

    // long and mid at 0; short when mid ends at 50; the barrier holds last until long ends at 100.
    assertThat(d.startOrder())
        .extracting(Start::batchId, Start::startsAtSeconds, Start::round)
        .containsExactly(
            tuple("long", 0.0, 1),
            tuple("mid", 0.0, 1),
            tuple("short", 50.0, 2),
            tuple("last", 100.0, 2));
    assertThat(d.waves()).extracting(w -> w.predictedSeconds()).containsExactly(100.0, 5.0);
    assertThat(d.warnings())
        .contains(
            "wave 1 is predicted to take 100 s, longer than its --timeout 60 s",
            "batch 'long' is expected to run 100 s (its expected_seconds), longer than"
                + " --batch-timeout 30 s: it would time out",
            "batch 'mid' is expected to run 50 s (its expected_seconds), longer than"
                + " --batch-timeout 30 s: it would time out");
  }

  @Test
  void continuousLetsTheNextWaveStartBeforeTheLastBatchOfTheFirstEnds() {
    WavePlan plan =
        plan(
            new Wave(1, List.of(batch("long", "1g", 100), batch("short", "1g", 10))),
            new Wave(2, List.of(batch("next", "1g", 10))));

    PreviewDocument d =
        preview(
            request(plan).withSchedule(Schedule.CONTINUOUS),
            engine(RunBudget.given(MemorySize.parse("2g"))));

    assertThat(d.schedule()).isEqualTo("continuous");
    assertThat(d.startOrder())
        .extracting(Start::batchId, Start::startsAtSeconds)
        .containsExactly(tuple("long", 0.0), tuple("short", 0.0), tuple("next", 10.0));
  }

  @Test
  void secretsAreListedWithoutTheirValues() {
    Map<String, String> environment =
        Map.of(
            "CFN_PULL", "never",
            "CFN_REGISTRY_TOKEN", "t0ken",
            "CFN_API_KEY", "k3y",
            "CFN_DB_PASSWORD", "pw",
            "CFN_BASIC_AUTH", "a:b",
            "CFN_CREDENTIALS_FILE", "/c",
            "CFN_CLIENT_SECRET", "s",
            "HOME", "/root");

    PreviewDocument d =
        preview(
            request(plan(new Wave(1, batches("b", 1, G1)))).withEnvironment(environment),
            engine(RunBudget.given(G1)));

    assertThat(d.variables())
        .extracting(PreviewDocument.Variable::name)
        .containsExactly(
            "CFN_API_KEY",
            "CFN_BASIC_AUTH",
            "CFN_CLIENT_SECRET",
            "CFN_CREDENTIALS_FILE",
            "CFN_DB_PASSWORD",
            "CFN_PULL",
            "CFN_REGISTRY_TOKEN");
    assertThat(d.variables())
        .filteredOn(v -> !v.name().equals("CFN_PULL"))
        .allSatisfy(
            v -> {
              assertThat(v.hidden()).isTrue();
              assertThat(v.value()).isNull();
            });
    assertThat(d.variables())
        .filteredOn(v -> v.name().equals("CFN_PULL"))
        .singleElement()
        .satisfies(v -> assertThat(v.value()).isEqualTo("never"));
    assertThat(d.toString()).doesNotContain("t0ken", "k3y", "a:b", "pw,");
  }

  @Test
  void onlyTheSelectedWavesArePreviewed() {
    WavePlan plan =
        plan(new Wave(1, List.of(batch("one", "1g"))), new Wave(2, List.of(batch("two", "8g"))));

    PreviewDocument d =
        preview(
            request(plan).withWaves(List.of(1)), engine(RunBudget.given(MemorySize.parse("2g"))));

    assertThat(d.ready()).isTrue();
    assertThat(d.waves()).extracting(PreviewDocument.WaveSummary::waveNumber).containsExactly(1);
    assertThat(d.startOrder()).extracting(Start::batchId).containsExactly("one");
  }

  @Test
  void aNetworkWithLessRoomThanThePeakIsWarnedAboutBeforeTheRun() {
    backend.engine().limitNetwork("net", 1023);
    backend.engine().occupy("net", 1020);
    WavePlan plan = plan(new Wave(1, batches("b", 8, G1)));

    PreviewDocument d =
        preview(
            request(plan),
            new RunPreview.EngineView(
                "docker",
                backend,
                RunBudget.given(MemorySize.parse("25g")),
                List.of(),
                null,
                List.of("net")));

    assertThat(d.ready()).isTrue();
    assertThat(d.warnings())
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith("doctor: network net: 1,020/1,023 endpoints in use, 3 free")
                    .contains("--networks-per-run"));
  }

  @Test
  void tooFewAddressPoolsForTheRunsNetworksIsWarnedAbout() {
    backend.engine().addressPools(new AddressPoolRoom(1, 31, true, "pools"));
    backend.engine().withoutNetwork("net-2");
    backend.engine().withoutNetwork("net-3");
    WavePlan plan = plan(new Wave(1, batches("b", 2, G1)));

    PreviewDocument d =
        preview(
            request(plan),
            new RunPreview.EngineView(
                "docker",
                backend,
                RunBudget.given(MemorySize.parse("25g")),
                List.of(),
                null,
                List.of("net", "net-2", "net-3")));

    assertThat(d.warnings())
        .anySatisfy(
            w -> assertThat(w).startsWith("doctor: address pools: room for 1 more network"));
  }

  @Test
  void thePeakAtOnceIsTheMostPredictedRunsThatOverlap() {
    Wave wave = new Wave(1, batches("b", 3, G1));
    List<Start> starts =
        List.of(start("b0", 1, 0.0, 10.0), start("b1", 1, 0.0, 5.0), start("b2", 2, 5.0, 10.0));

    assertThat(PlanChecks.peakAtOnce(List.of(wave), starts)).isEqualTo(2);
  }

  private static Start start(String id, Integer round, Double at, Double seconds) {
    return new Start(0, id, 1, 1, "1g", G1.bytes(), BASE, seconds, "plan", round, at);
  }

  private PreviewDocument preview(Req r, RunPreview.EngineView engine) {
    return RunPreview.of(r.build(), engine, WaveListener.NONE);
  }

  private RunPreview.EngineView engine(RunBudget budget) {
    return new RunPreview.EngineView("docker", backend, budget, List.of(), null);
  }

  private static Req request(WavePlan plan) {
    return new Req(plan);
  }

  /** A request with run's defaults, changed one aspect at a time. */
  private static final class Req {
    private final WavePlan plan;
    private List<Integer> waves;
    private Schedule schedule = Schedule.WAVES;
    private PullPolicy pull = PullPolicy.MISSING;
    private Duration waveTimeout;
    private Duration batchTimeout;
    private Map<String, String> environment = Map.of();

    Req(WavePlan plan) {
      this.plan = plan;
    }

    Req withPull(PullPolicy value) {
      pull = value;
      return this;
    }

    Req withSchedule(Schedule value) {
      schedule = value;
      return this;
    }

    Req withWaves(List<Integer> value) {
      waves = value;
      return this;
    }

    Req withTimeouts(Duration wave, Duration batch) {
      waveTimeout = wave;
      batchTimeout = batch;
      return this;
    }

    Req withEnvironment(Map<String, String> value) {
      environment = value;
      return this;
    }

    RunPreview.Request build() {
      return new RunPreview.Request(
          "validate",
          plan,
          waves,
          schedule,
          Duration.ofSeconds(60),
          waveTimeout,
          batchTimeout,
          BASE,
          pull,
          null,
          environment);
    }
  }

  private static WavePlan plan(Wave... waves) {
    return new WavePlan("plan.json", "task", List.of(waves));
  }

  private static List<Batch> batches(String prefix, int count, MemorySize limit) {
    List<Batch> batches = new ArrayList<>();
    IntStream.range(0, count)
        .forEach(i -> batches.add(new Batch(prefix + i, null, limit, List.of(), "")));
    return batches;
  }

  private static Batch batch(String id, String memory) {
    return new Batch(id, null, MemorySize.parse(memory), List.of(), "");
  }

  private static Batch batch(String id, String memory, long expectedSeconds) {
    return new Batch(
        id, null, MemorySize.parse(memory), List.of(), "", Duration.ofSeconds(expectedSeconds));
  }

  private static Batch imaged(String id, String memory, String image) {
    return new Batch(id, null, MemorySize.parse(memory), List.of(), "", null, image);
  }
}
