package dev.cfnwave.run.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.report.AttemptOutput;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.Json;
import dev.cfnwave.report.ResultFile;
import dev.cfnwave.testing.JsonSchemas;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An attempt's output is journaled with its end, so that a resume keeps it. */
class OutputJournalTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void theEndLineCarriesTheOutputAndReadsBackTheSame() throws Exception {
    Batch batch = new Batch("b1", 1, MemorySize.parse("512m"), List.of(), "p");
    BatchRun b = new BatchRun(batch, 1, 0);
    b.starting(new Attempt(1, batch, "cfn-wave1-b1-r1"), T);
    b.started("h1", T, T);
    AttemptOutput output =
        new AttemptOutput(
            "out/b1/1",
            12,
            1,
            new ResultFile(
                "success", "done", null, Map.of("cost_usd", new BigDecimal("0.25")), null),
            List.of("a warning"));

    JournalEntry line =
        b.ended(
                new AttemptEnd("h1", 0L, ExitStatus.SUCCESS, null, T, T, null, null, output),
                T.plusSeconds(1))
            .by("docker");
    String text =
        Json.MAPPER
            .writer()
            .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(line);

    JsonSchemas.requireValid(JsonSchemas.JOURNAL_LINE, "an end line", JsonSchemas.parse(text));
    JournalEntry read = Json.MAPPER.readValue(text, JournalEntry.class);
    assertThat(read.output()).isEqualTo(output);
    assertThat(b.current().output).isEqualTo(output);
  }

  @Test
  void anEndWithoutAFolderWritesNoOutputField() throws Exception {
    Batch batch = new Batch("b1", 1, MemorySize.parse("512m"), List.of(), "p");
    BatchRun b = new BatchRun(batch, 1, 0);
    b.starting(new Attempt(1, batch, "cfn-wave1-b1-r1"), T);
    b.started("h1", T, T);

    JournalEntry line = b.ended(new AttemptEnd("h1", 0L, ExitStatus.SUCCESS, null, T, T), T);

    assertThat(Json.write(line)).doesNotContain("output");
  }
}
