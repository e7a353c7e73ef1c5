package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import java.util.ArrayList;
import java.util.List;

/** Parses --waves: "2-4", "1,3", "2" or a mix; every wave named must be in the plan. */
final class WaveSelection {

  private WaveSelection() {}

  /** The selected wave numbers, or null for all of them. */
  static List<Integer> parse(String text, WavePlan plan) {
    if (text == null || text.isBlank()) {
      return null;
    }
    List<Integer> known = plan.waves().stream().map(Wave::waveNumber).toList();
    List<Integer> selected = new ArrayList<>();
    for (String part : text.split(",")) {
      String[] range = part.trim().split("-", -1);
      try {
        int from = Integer.parseInt(range[0].trim());
        int to = range.length == 2 ? Integer.parseInt(range[1].trim()) : from;
        if (range.length > 2 || to < from) {
          throw new NumberFormatException();
        }
        for (int wave = from; wave <= to; wave++) {
          if (known.contains(wave) && !selected.contains(wave)) {
            selected.add(wave);
          }
        }
        if (range.length == 1 && !known.contains(from)) {
          throw new InputException(
              "--waves " + text, "the plan has no wave " + from + " (it has " + known + ")");
        }
      } catch (NumberFormatException e) {
        throw new InputException("--waves " + text, "expected wave numbers such as 2-4 or 1,3");
      }
    }
    if (selected.isEmpty()) {
      throw new InputException("--waves " + text, "selects none of the plan's waves " + known);
    }
    return selected;
  }
}
