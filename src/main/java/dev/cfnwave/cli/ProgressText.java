package dev.cfnwave.cli;

import dev.cfnwave.event.WaveEvent.PoolProgress;
import dev.cfnwave.event.WaveEvent.RunProgress;
import dev.cfnwave.event.WaveEvent.Spend;
import dev.cfnwave.plan.MemorySize;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * A run's progress in words: one plain line for logs (CI, files) and a terminal's status line with
 * a bar, cut to the terminal's width by dropping its least useful parts.
 */
final class ProgressText {

  private static final int BAR = 10;

  private ProgressText() {}

  /**
   * {@code waves 1/3 | done 12/40 | running 4 | waiting 24 | failed 1 | memory ... | pool llm-api
   * 3/4 (of 8), 5 rate limited}.
   */
  static String plain(RunProgress p) {
    return "waves "
        + p.wavesDone()
        + "/"
        + p.wavesTotal()
        + " | done "
        + done(p)
        + "/"
        + p.batches()
        + " | running "
        + p.running()
        + " | waiting "
        + p.pending()
        + " | succeeded "
        + p.succeeded()
        + " | failed "
        + p.failed()
        + (p.cancelled() > 0 ? " | cancelled " + p.cancelled() : "")
        + " | memory "
        + human(p.memoryInUse())
        + " / "
        + human(p.memoryBudget())
        + " | others hold "
        + human(p.memoryHeldByOthers())
        + " | elapsed "
        + clock(p.elapsed())
        + " | eta "
        + eta(p)
        + (spend(p.spend()).isEmpty() ? "" : " | " + spend(p.spend()))
        + pools(p);
  }

  /** " | pool llm-api 3/4 (of 8), 5 rate limited" for each pool. */
  private static String pools(RunProgress p) {
    StringBuilder text = new StringBuilder();
    for (PoolProgress pool : p.pools()) {
      text.append(" | pool ").append(pool.name()).append(' ').append(poolUse(pool));
      if (pool.limit() < pool.configured()) {
        text.append(" (of ").append(pool.configured()).append(')');
      }
      if (pool.rateLimited() > 0) {
        text.append(", ").append(pool.rateLimited()).append(" rate limited");
      }
    }
    return text.toString();
  }

  private static String poolUse(PoolProgress pool) {
    return pool.inUse() + "/" + pool.limit();
  }

  /**
   * The run's spend against its budget, "cost $1.23 of $5.00, output_tokens 1,200 of 2,000,000":
   * the cost when limited or reported, and each other limited usage key; "" when none.
   */
  static String spend(Spend spend) {
    List<String> parts = new ArrayList<>();
    BigDecimal costLimit = spend.limits().get(COST);
    BigDecimal cost = spend.totals().get(COST);
    if (costLimit != null || cost != null) {
      parts.add(
          "cost $"
              + dollars(cost == null ? BigDecimal.ZERO : cost)
              + (costLimit == null ? "" : " of $" + dollars(costLimit)));
    }
    spend
        .limits()
        .forEach(
            (key, limit) -> {
              if (!key.equals(COST)) {
                BigDecimal total = spend.totals().getOrDefault(key, BigDecimal.ZERO);
                parts.add(key + " " + number(total) + " of " + number(limit));
              }
            });
    return String.join(", ", parts);
  }

  private static final String COST = "cost_usd";

  private static String dollars(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  private static String number(BigDecimal n) {
    BigDecimal plain = n.stripTrailingZeros();
    return plain.scale() <= 0
        ? String.format(Locale.ROOT, "%,d", plain.toBigInteger())
        : plain.toPlainString();
  }

  /**
   * {@code [###-------] 12/40 done | 4 running | 24 waiting | 1 failed | memory 1.5GB/21.2GB | 1:23
   * elapsed | ETA 3:10 | waves 1/3}, no wider than {@code columns - 1} (a line that fills the last
   * column wraps on some terminals), with the spend after the failed count when there is any, and
   * each pool's use and limit at the end ({@code llm-api 3/4}, in yellow while rate limits keep it
   * below its configured limit): the parts that matter least are left out first: pools, waves,
   * elapsed time, memory, the bar, then the spend.
   */
  static String status(RunProgress p, Colours colours, int columns) {
    List<Part> byImportance =
        List.of(
            new Part(0, done(p) + "/" + p.batches() + " done", colours::green),
            new Part(1, p.running() + " running", UnaryOperator.identity()),
            new Part(2, p.pending() + " waiting", UnaryOperator.identity()),
            new Part(3, p.failed() + " failed", p.failed() > 0 ? colours::red : s -> s),
            new Part(3, p.cancelled() > 0 ? p.cancelled() + " cancelled" : "", s -> s),
            new Part(
                6,
                "ETA " + (p.eta() == null ? "?" : shortClock(p.eta())),
                UnaryOperator.identity()),
            new Part(3, spend(p.spend()), UnaryOperator.identity()),
            new Part(-1, bar(p), UnaryOperator.identity()),
            new Part(
                4,
                "memory " + human(p.memoryInUse()) + "/" + human(p.memoryBudget()),
                UnaryOperator.identity()),
            new Part(5, shortClock(p.elapsed()) + " elapsed", colours::dim),
            new Part(7, "waves " + p.wavesDone() + "/" + p.wavesTotal(), colours::dim));
    byImportance = new ArrayList<>(byImportance);
    for (PoolProgress pool : p.pools()) {
      boolean lowered = pool.limit() < pool.configured();
      byImportance.add(
          new Part(
              8,
              pool.name() + " " + poolUse(pool),
              lowered ? colours::yellow : UnaryOperator.identity()));
    }
    List<Part> chosen = new ArrayList<>();
    int width = -SEPARATOR.length();
    for (Part part : byImportance) {
      if (part.text.isEmpty()) {
        continue;
      }
      int wider = width + SEPARATOR.length() + part.text.length();
      if (wider <= columns - 1) {
        chosen.add(part);
        width = wider;
      }
    }
    chosen.sort(Comparator.comparingInt(Part::position));
    StringBuilder line = new StringBuilder();
    Part previous = null;
    for (Part part : chosen) {
      line.append(previous == null ? "" : previous.position < 0 ? " " : SEPARATOR);
      line.append(part.paint.apply(part.text));
      previous = part;
    }
    return line.toString();
  }

  private static final String SEPARATOR = " | ";

  /** A part of the status line, drawn at {@code position} (the bar first, then the counts). */
  private record Part(int position, String text, UnaryOperator<String> paint) {}

  private static String bar(RunProgress p) {
    int filled = p.batches() == 0 ? BAR : (int) ((long) done(p) * BAR / p.batches());
    return "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "]";
  }

  private static int done(RunProgress p) {
    return p.succeeded() + p.failed() + p.cancelled();
  }

  private static String eta(RunProgress p) {
    return p.eta() == null ? "?" : clock(p.eta());
  }

  static String human(long bytes) {
    return bytes <= 0 ? "0" : new MemorySize(bytes).humanForm();
  }

  /** 1:23 under an hour, 1:02:03 from one. */
  static String shortClock(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds < 3600 ? String.format("%d:%02d", seconds / 60, seconds % 60) : clock(duration);
  }

  static String clock(Duration duration) {
    long seconds = duration.toSeconds();
    return String.format("%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
  }
}
