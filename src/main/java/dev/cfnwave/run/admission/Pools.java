package dev.cfnwave.run.admission;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's named pools: how many of the attempts using each may run at once. An attempt takes a
 * slot in each pool its batch uses before it is launched and gives it back once its end has been
 * seen, like its memory. Attempts of other runs on the engine that use a pool of the same name
 * count against it too ({@link SharedBudget} reads them in the host's admission turn). A pool's
 * limit starts at the plan's (or --pool's) and adapts to rate limits: halved (at least 1) after a
 * rate-limited attempt, raised by one (up to where it started) after each success.
 */
public final class Pools {

  private final Map<String, Pool> pools = new LinkedHashMap<>();
  private final Map<String, List<String>> holders = new HashMap<>();

  /** One pool as the run sees it now, for progress lines and the report. */
  public record PoolState(
      String name, int limit, int configured, int inUse, int othersUsing, long rateLimited) {}

  private static final class Pool {
    final int configured;
    int limit;
    int inUse;
    int othersUsing;
    long rateLimited;

    Pool(int configured) {
      this.configured = configured;
      this.limit = configured;
    }
  }

  /**
   * @param limits each pool's name and how many attempts may use it at once
   */
  public Pools(Map<String, Integer> limits) {
    limits.forEach(
        (name, limit) -> {
          if (limit < 1) {
            throw new IllegalArgumentException("pool " + name + " must allow at least 1");
          }
          pools.put(name, new Pool(limit));
        });
  }

  public static Pools none() {
    return new Pools(Map.of());
  }

  public boolean any() {
    return !pools.isEmpty();
  }

  /** Whether each of these pools has a free slot, counting what others use. */
  public boolean haveSlot(List<String> uses) {
    for (String name : uses) {
      Pool p = pools.get(name);
      if (p != null && p.inUse + p.othersUsing >= p.limit) {
        return false;
      }
    }
    return true;
  }

  /** Whether each of these pools has a slot free of the run's own attempts, whatever others use. */
  public boolean haveOwnSlot(List<String> uses) {
    for (String name : uses) {
      Pool p = pools.get(name);
      if (p != null && p.inUse >= p.limit) {
        return false;
      }
    }
    return true;
  }

  /** Takes a slot in each of these pools for the attempt, whether or not one is free. */
  public void take(String attempt, List<String> uses) {
    release(attempt);
    List<String> known = uses.stream().filter(pools::containsKey).toList();
    if (known.isEmpty()) {
      return;
    }
    holders.put(attempt, known);
    known.forEach(name -> pools.get(name).inUse++);
  }

  /** Gives back the attempt's slots, if it holds any. */
  public void release(String attempt) {
    List<String> held = holders.remove(attempt);
    if (held != null) {
      held.forEach(name -> pools.get(name).inUse--);
    }
  }

  /** How many attempts of others use each pool, as last read (a pool not named: none). */
  public void othersUsing(Map<String, Integer> counts) {
    pools.forEach((name, p) -> p.othersUsing = counts.getOrDefault(name, 0));
  }

  /** An attempt using these pools was rate limited: each lowers its limit (halved, at least 1). */
  public void rateLimited(List<String> uses) {
    for (String name : uses) {
      Pool p = pools.get(name);
      if (p != null) {
        p.limit = Math.max(1, p.limit / 2);
        p.rateLimited++;
      }
    }
  }

  /** An attempt using these pools succeeded: each raises its limit by one, up to its own. */
  public void succeeded(List<String> uses) {
    for (String name : uses) {
      Pool p = pools.get(name);
      if (p != null) {
        p.limit = Math.min(p.configured, p.limit + 1);
      }
    }
  }

  /** Every pool, in the plan's order. */
  public List<PoolState> states() {
    return pools.entrySet().stream()
        .map(
            e -> {
              Pool p = e.getValue();
              return new PoolState(
                  e.getKey(), p.limit, p.configured, p.inUse, p.othersUsing, p.rateLimited);
            })
        .toList();
  }

  /** The pool names, in the plan's order. */
  public List<String> names() {
    return List.copyOf(pools.keySet());
  }
}
