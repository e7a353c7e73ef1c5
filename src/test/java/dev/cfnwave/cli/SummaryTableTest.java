package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.report.Json;
import dev.cfnwave.report.RunReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The run's summary on stderr: counts agree with their nouns, amounts of memory are human. */
class SummaryTableTest {

  @Test
  void aRunOfOneBatchSaysOneBatchOneContainerAndHumanSizes() throws Exception {
    RunReport report =
        Json.MAPPER.readValue(
            """
            {"run_id": "r1", "status": "succeeded", "memory_budget": "21694m",
             "peak_memory_reserved": "4136k", "duration_seconds": 3,
             "metrics": {"batches": 1, "succeeded": 1, "attempts": 1},
             "batches": [{"batch_id": "only", "wave_number": 1, "final_status": "success",
               "attempts": [{"attempt": 1, "exit_code": 0}]}]}
            """,
            RunReport.class);
    var bytes = new ByteArrayOutputStream();

    SummaryTable.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), report);

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("run r1 succeeded in 3 s: 1 batch, 1 succeeded,")
        .contains("; 1 container; peak memory reserved 4MB of 21.2GB\n");
  }
}
