package dev.paperboy.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the members of the scale-out group handled, put together: whether every produced record was
 * handled exactly once, and the pauses in handling in a window of time: the longest time in which
 * no record at all was handled (the whole group), and the longest in which one partition saw none.
 * Pure: takes the noted records (sequence, partition, micros) and answers; times are micros.
 */
final class HandlingGaps {
  private final long[] times;
  private final Map<Integer, long[]> timesByPartition = new HashMap<>();
  private final long missing;
  private final long duplicates;
  private final long handled;

  /** A longest gap: from, to (micros) and the partition it was seen on (-1: the whole group). */
  record Gap(long fromMicros, long toMicros, int partition) {
    long millis() {
      return (toMicros - fromMicros) / 1_000;
    }
  }

  /**
   * Puts together the {@code records} noted by all members; sequence numbers from 0 to {@code
   * produced - 1} were sent, those in {@code failedSends} may not be in the topic and do not count
   * as missing.
   */
  HandlingGaps(List<long[]> records, long produced, Set<Long> failedSends) {
    int[] seen = new int[(int) produced];
    long extra = 0;
    long outside = 0;
    Map<Integer, List<Long>> byPartition = new HashMap<>();
    times = new long[records.size()];
    int i = 0;
    for (long[] record : records) {
      long sequence = record[0];
      if (sequence < 0 || sequence >= produced) {
        outside++;
      } else if (seen[(int) sequence]++ > 0) {
        extra++;
      }
      times[i++] = record[2];
      byPartition.computeIfAbsent((int) record[1], p -> new ArrayList<>()).add(record[2]);
    }
    Arrays.sort(times);
    byPartition.forEach(
        (partition, list) -> {
          long[] sorted = list.stream().mapToLong(Long::longValue).sorted().toArray();
          timesByPartition.put(partition, sorted);
        });
    long absent = 0;
    for (int sequence = 0; sequence < seen.length; sequence++) {
      if (seen[sequence] == 0 && !failedSends.contains((long) sequence)) {
        absent++;
      }
    }
    this.missing = absent;
    this.duplicates = extra + outside;
    this.handled = records.size();
  }

  /** Handlings noted, duplicates included. */
  long handled() {
    return handled;
  }

  /** Acknowledged records no member handled. */
  long missing() {
    return missing;
  }

  /** Handlings beyond the first of a record (and of records never produced). */
  long duplicates() {
    return duplicates;
  }

  /**
   * The longest time without any handled record that ended in {@code (from, to]}: between two
   * consecutive handlings, the later one in the window. A pause an event caused ends after it, so
   * it counts in the window that starts at the event, and not in the one before, even if it started
   * there. With {@code startInside} the earlier handling must be in the window too (for a baseline
   * that no pause from before may reach into).
   */
  Gap groupGap(long fromMicros, long toMicros, boolean startInside) {
    return longest(times, fromMicros, toMicros, startInside, -1);
  }

  /** As {@link #groupGap} but per partition: the longest gap any one partition saw. */
  Gap partitionGap(long fromMicros, long toMicros, boolean startInside) {
    Gap worst = new Gap(0, 0, -1);
    for (Map.Entry<Integer, long[]> partition : timesByPartition.entrySet()) {
      Gap gap =
          longest(partition.getValue(), fromMicros, toMicros, startInside, partition.getKey());
      if (gap.millis() > worst.millis()) {
        worst = gap;
      }
    }
    return worst;
  }

  private static Gap longest(
      long[] sorted, long fromMicros, long toMicros, boolean startInside, int partition) {
    Gap worst = new Gap(0, 0, partition);
    for (int i = 1; i < sorted.length; i++) {
      boolean endsInside = sorted[i] > fromMicros && sorted[i] <= toMicros;
      if (!endsInside || (startInside && sorted[i - 1] < fromMicros)) {
        continue;
      }
      if (sorted[i] - sorted[i - 1] > worst.toMicros() - worst.fromMicros()) {
        worst = new Gap(sorted[i - 1], sorted[i], partition);
      }
    }
    return worst;
  }
}
