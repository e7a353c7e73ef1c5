package dev.cfnwave.sizing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cfnwave.InputException;
import dev.cfnwave.plan.JsonDocuments;
import dev.cfnwave.report.Json;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a copy of a plan with each batch's suggested tier (its "memory", which a tier overrides,
 * removed), everything else as it was. Never over an existing file: the plan it copies is safe.
 */
public final class PlanRewriter {

  private PlanRewriter() {}

  /**
   * @return how many batches changed tier
   */
  public static int write(Path plan, List<BatchSuggestion> suggestions, Path output) {
    Map<String, Integer> tiers =
        suggestions.stream()
            .filter(BatchSuggestion::changes)
            .collect(Collectors.toMap(BatchSuggestion::batchId, BatchSuggestion::suggestedTier));
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(plan.toFile());
    } catch (IOException e) {
      throw new InputException(plan.toString(), JsonDocuments.problem(e));
    }
    int changed = 0;
    for (JsonNode wave : root.path("waves")) {
      for (JsonNode batch : wave.path("batches")) {
        Integer tier = tiers.get(batch.path("batch_id").asText());
        if (tier != null && batch instanceof ObjectNode o) {
          o.put("tier", tier);
          o.remove("memory");
          changed++;
        }
      }
    }
    try {
      Files.writeString(
          output,
          Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      throw new InputException("--write-plan " + output, "exists: not overwritten");
    } catch (IOException e) {
      throw new InputException("--write-plan " + output, "cannot write: " + e.getMessage());
    }
    return changed;
  }
}
