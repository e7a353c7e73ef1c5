package dev.cfnwave.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.report.MonitorResults.ContainerResult;
import dev.cfnwave.report.MonitorResults.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {

  @TempDir Path dir;

  private static SpawnManifest manifest() {
    return new SpawnManifest(
        1,
        "2025-11-14T10:30:45Z",
        List.of(
            new SpawnManifest.Entry(
                "abc123def456",
                "cfn-wave1-iter1-batch-1-0a1b2c3d",
                "iter1-batch-1",
                1,
                "512m",
                "my-agent:latest",
                SpawnManifest.Entry.RUNNING,
                "2025-11-14T10:30:46Z",
                null),
            new SpawnManifest.Entry(
                null,
                "cfn-wave1-iter1-batch-2-0a1b2c3d",
                "iter1-batch-2",
                null,
                "600m",
                "my-agent:latest",
                SpawnManifest.Entry.FAILED,
                null,
                "no such image")),
        1,
        "1.1GB");
  }

  private static MonitorResults monitorResults() {
    List<ContainerResult> containers =
        List.of(
            new ContainerResult(
                "abc123",
                "batch-1",
                "exited",
                0L,
                ExitStatus.SUCCESS,
                "2025-11-14T10:30:46Z",
                "2025-11-14T10:35:33Z"),
            new ContainerResult(
                "def456",
                "batch-2",
                "exited",
                137L,
                ExitStatus.OOM_KILLED,
                "2025-11-14T10:30:46Z",
                "2025-11-14T10:31:00Z"),
            new ContainerResult(
                "fed789",
                "batch-3",
                "running",
                null,
                ExitStatus.TIMEOUT,
                "2025-11-14T10:30:46Z",
                null));
    return new MonitorResults(1, 287, MonitorResults.TIMEOUT, containers, Metrics.of(containers));
  }

  private static CleanupReport cleanupReport() {
    return new CleanupReport(
        "2025-11-14T10:36:00Z",
        28,
        1,
        14,
        List.of(),
        "Successfully removed 28 containers, preserved logs from 1 failed container");
  }

  private static JsonNode tree(Object document) throws IOException {
    return Json.MAPPER.readTree(Json.write(document));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = node.fieldNames();
    it.forEachRemaining(names::add);
    return names;
  }

  // --- timestamps ---

  @Test
  void timestampIsIsoUtcToTheSecond() {
    assertThat(Json.timestamp(Instant.parse("2026-01-02T03:04:05.987654321Z")))
        .isEqualTo("2026-01-02T03:04:05Z");
  }

  @Test
  void timestampKeepsZeroSeconds() {
    assertThat(Json.timestamp(Instant.parse("2026-01-02T03:04:00.5Z")))
        .isEqualTo("2026-01-02T03:04:00Z");
  }

  @Test
  void timestampOfNowHasTheSpecsShape() {
    assertThat(Json.timestamp(Instant.now())).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
  }

  @Test
  void timestampOfNothingIsNull() {
    assertThat(Json.timestamp(null)).isNull();
  }

  // --- field names ---

  @Test
  void spawnManifestUsesTheSpecsFieldNames() throws IOException {
    JsonNode root = tree(manifest());

    assertThat(fieldNames(root))
        .containsExactly(
            "wave_number", "spawned_at", "containers", "total_spawned", "total_memory");
    assertThat(fieldNames(root.get("containers").get(0)))
        .containsExactly(
            "id",
            "container_id",
            "container_name",
            "batch_id",
            "tier",
            "memory_limit",
            "image",
            "status",
            "started_at");
    assertThat(root.get("wave_number").intValue()).isEqualTo(1);
    assertThat(root.get("total_memory").textValue()).isEqualTo("1.1GB");
    assertThat(root.at("/containers/0/memory_limit").textValue()).isEqualTo("512m");
  }

  @Test
  void failedSpawnEntryCarriesItsErrorAndNulls() throws IOException {
    JsonNode entry = tree(manifest()).get("containers").get(1);

    assertThat(fieldNames(entry)).endsWith("error");
    assertThat(entry.get("error").textValue()).isEqualTo("no such image");
    assertThat(entry.get("status").textValue()).isEqualTo("failed");
    assertThat(entry.get("container_id").isNull()).isTrue();
    assertThat(entry.get("tier").isNull()).isTrue();
  }

  @Test
  void monitorResultsUseTheSpecsFieldNames() throws IOException {
    JsonNode root = tree(monitorResults());

    assertThat(fieldNames(root))
        .containsExactly(
            "wave_number", "monitoring_duration", "completion_status", "containers", "metrics");
    assertThat(fieldNames(root.get("containers").get(0)))
        .containsExactly(
            "container_id",
            "batch_id",
            "status",
            "exit_code",
            "exit_status",
            "started_at",
            "completed_at");
    assertThat(fieldNames(root.get("metrics")))
        .containsExactly("total", "running", "exited", "success", "failed", "timeout");
  }

  @Test
  void exitStatusIsWrittenInLowerCase() throws IOException {
    JsonNode containers = tree(monitorResults()).get("containers");

    assertThat(containers.findValuesAsText("exit_status"))
        .containsExactly("success", "oom_killed", "timeout");
  }

  @Test
  void timedOutContainerHasNullExitCode() throws IOException {
    JsonNode timedOut = tree(monitorResults()).get("containers").get(2);

    assertThat(timedOut.get("exit_code").isNull()).isTrue();
    assertThat(timedOut.get("completed_at").isNull()).isTrue();
  }

  @Test
  void cleanupReportUsesTheSpecsFieldNames() throws IOException {
    JsonNode root = tree(cleanupReport());

    assertThat(fieldNames(root))
        .containsExactly(
            "cleanup_at",
            "containers_removed",
            "logs_preserved",
            "volumes_cleaned",
            "errors",
            "summary");
    assertThat(root.get("errors").isArray()).isTrue();
    assertThat(root.get("containers_removed").intValue()).isEqualTo(28);
  }

  @Test
  void outputIsPrettyAndEndsWithANewline() {
    String json = Json.write(cleanupReport());

    assertThat(json).endsWith("}\n").contains("\n  \"containers_removed\": 28,");
  }

  @Test
  void documentsReadBackIntoEqualRecords() throws IOException {
    assertThat(Json.MAPPER.readValue(Json.write(manifest()), SpawnManifest.class))
        .isEqualTo(manifest());
    assertThat(Json.MAPPER.readValue(Json.write(monitorResults()), MonitorResults.class))
        .isEqualTo(monitorResults());
    assertThat(Json.MAPPER.readValue(Json.write(cleanupReport()), CleanupReport.class))
        .isEqualTo(cleanupReport());
  }

  // --- files ---

  @Test
  void writeFileLeavesOnlyTheTargetBehind() throws IOException {
    Path target = dir.resolve("reports/wave-1/cleanup.json");

    Json.writeFile(cleanupReport(), target);

    try (Stream<Path> files = Files.list(target.getParent())) {
      assertThat(files).containsExactly(target);
    }
    assertThat(Json.MAPPER.readValue(target.toFile(), CleanupReport.class))
        .isEqualTo(cleanupReport());
  }

  @Test
  void writeFileReplacesAnExistingFile() throws IOException {
    Path target = dir.resolve("manifest.json");
    Files.writeString(target, "old content that is longer than nothing at all");

    Json.writeFile(manifest(), target);

    assertThat(Files.readString(target)).isEqualTo(Json.write(manifest()));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void writtenFileIsReadableByOthers() throws IOException {
    Path target = dir.resolve("results.json");

    Json.writeFile(monitorResults(), target);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void writeFileAcceptsARelativePath() throws IOException {
    Path target = Path.of("target", "json-test-" + System.nanoTime() + ".json");
    try {
      Json.writeFile(cleanupReport(), target);

      assertThat(Json.MAPPER.readTree(target.toFile()).get("summary").textValue())
          .startsWith("Successfully removed 28");
    } finally {
      Files.deleteIfExists(target);
    }
  }
}
