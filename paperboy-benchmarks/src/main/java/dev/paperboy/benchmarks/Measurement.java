package dev.paperboy.benchmarks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of one variant measured: the totals it counted, the time from start until the last
 * record was handled, the CPU time the measured JVM used meanwhile and the CPU time of the process
 * running the broker ({@link Broker#pid()}: the harness JVM, or the broker's own), its heap peaks,
 * and the share of the machine's CPU that other processes (not the harness, not the broker's JVM,
 * not the measured one) took. The heap benchmark reads five more: the old generation's peak after
 * GC, the live heap's peak, median and least after forced full collections (-1 when none were
 * forced) and the number of collections. The time from start until the first record was handled
 * separates the fixed costs (group join, first fetch) from the rate once records flow, which the
 * I/O-bound tables compare with the ideal. With {@code bench.measureLast} only the pass's tail is
 * timed: the time after the start and the count handled when the tail began. Crosses from the
 * measured JVM to the harness as one line on standard output ({@link #toLine()}, {@link
 * #parse(List)}).
 */
record Measurement(
    Totals totals,
    long elapsedNanos,
    long cpuNanos,
    long peakHeapBytes,
    long peakHeapAfterGcBytes,
    double othersCpuShare,
    long peakOldAfterGcBytes,
    long peakLiveBytes,
    long collections,
    long firstRecordNanos,
    long brokerCpuNanos,
    long medianLiveBytes,
    long leastLiveBytes,
    long tailFromNanos,
    long tailFromCount) {
  private static final String PREFIX = "PAPERBOY-BENCH-RESULT";

  /**
   * Records/s of the timed part: the whole pass, or with {@code bench.measureLast} its tail, from
   * the first sample that saw the tail's first record handled ({@link #tailFromNanos} after the
   * start, {@link #tailFromCount} records handled then) to the last record.
   */
  double recordsPerSecond() {
    return isTail()
        ? (totals.count() - tailFromCount) * 1e9 / (elapsedNanos - tailFromNanos)
        : totals.count() * 1e9 / elapsedNanos;
  }

  /** Whether only the pass's tail is timed ({@code bench.measureLast}). */
  boolean isTail() {
    return tailFromNanos > 0 && tailFromNanos < elapsedNanos;
  }

  /** Records/s from the first record handled to the last: the rate without the start-up. */
  double flowingRecordsPerSecond() {
    long flowing = elapsedNanos - firstRecordNanos;
    return firstRecordNanos <= 0 || flowing <= 0
        ? Double.NaN
        : (totals.count() - 1) * 1e9 / flowing;
  }

  String toLine() {
    return PREFIX
        + " count="
        + totals.count()
        + " checksum="
        + totals.checksum()
        + " nanos="
        + elapsedNanos
        + " cpuNanos="
        + cpuNanos
        + " peakHeap="
        + peakHeapBytes
        + " peakHeapAfterGc="
        + peakHeapAfterGcBytes
        + " othersCpuPermille="
        + (Double.isNaN(othersCpuShare) ? -1 : Math.round(othersCpuShare * 1000))
        + " peakOldAfterGc="
        + peakOldAfterGcBytes
        + " peakLive="
        + peakLiveBytes
        + " collections="
        + collections
        + " firstRecordNanos="
        + firstRecordNanos
        + " brokerCpuNanos="
        + brokerCpuNanos
        + " medianLive="
        + medianLiveBytes
        + " leastLive="
        + leastLiveBytes
        + " tailFromNanos="
        + tailFromNanos
        + " tailFromCount="
        + tailFromCount;
  }

  /** The measurement in a run's output; throws if there is none. */
  static Measurement parse(List<String> output) {
    for (String line : output) {
      if (line.startsWith(PREFIX + " ")) {
        Map<String, Long> fields = new HashMap<>();
        for (String field : line.substring(PREFIX.length() + 1).split(" ")) {
          int eq = field.indexOf('=');
          fields.put(field.substring(0, eq), Long.parseLong(field.substring(eq + 1)));
        }
        return new Measurement(
            new Totals(fields.get("count"), fields.get("checksum")),
            fields.get("nanos"),
            fields.get("cpuNanos"),
            fields.get("peakHeap"),
            fields.get("peakHeapAfterGc"),
            fields.get("othersCpuPermille") < 0
                ? Double.NaN
                : fields.get("othersCpuPermille") / 1e3,
            fields.get("peakOldAfterGc"),
            fields.get("peakLive"),
            fields.get("collections"),
            fields.get("firstRecordNanos"),
            fields.get("brokerCpuNanos"),
            fields.get("medianLive"),
            fields.get("leastLive"),
            fields.get("tailFromNanos"),
            fields.get("tailFromCount"));
      }
    }
    throw new IllegalStateException("the run printed no result line: " + output);
  }
}
