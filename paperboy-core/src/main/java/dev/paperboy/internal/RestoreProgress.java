package dev.paperboy.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * How far a table's restore got: the offsets it started from and the end offsets it must reach per
 * partition, and the positions reached so far. Pure: no I/O, no clock; the time of each update is
 * an argument. A restore is done when every partition's position reached its end offset; it is
 * stalled when it has not moved for a given time.
 */
final class RestoreProgress {
  private final Map<Integer, Long> start;
  private final Map<Integer, Long> end;
  private final Map<Integer, Long> positions;
  private long restored;
  private long movedAtNanos;

  RestoreProgress(Map<Integer, Long> start, Map<Integer, Long> end, long nowNanos) {
    this.start = Map.copyOf(start);
    this.end = Map.copyOf(end);
    this.positions = new HashMap<>(start);
    this.movedAtNanos = nowNanos;
  }

  /** Records the positions reached at {@code nowNanos}. */
  void update(Map<Integer, Long> reached, long nowNanos) {
    positions.putAll(reached);
    long now = count(positions);
    if (now != restored) {
      restored = now;
      movedAtNanos = nowNanos;
    }
  }

  /** Offsets read so far, up to the end offsets. */
  long restored() {
    return restored;
  }

  /** Offsets to read in all, from the start to the end offsets. */
  long toRestore() {
    return count(end);
  }

  /** Whether every partition reached its end offset. */
  boolean done() {
    for (Map.Entry<Integer, Long> target : end.entrySet()) {
      if (positions.getOrDefault(target.getKey(), 0L) < target.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the restore is not done and has not moved for {@code stallNanos} at {@code nowNanos}.
   */
  boolean stalled(long nowNanos, long stallNanos) {
    return !done() && nowNanos - movedAtNanos >= stallNanos;
  }

  private long count(Map<Integer, Long> reached) {
    long sum = 0;
    for (Map.Entry<Integer, Long> target : end.entrySet()) {
      long from = start.getOrDefault(target.getKey(), 0L);
      long at = reached.getOrDefault(target.getKey(), from);
      sum += Math.max(0, Math.min(target.getValue(), at) - from);
    }
    return sum;
  }
}
