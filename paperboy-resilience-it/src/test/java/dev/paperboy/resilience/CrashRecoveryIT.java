package dev.paperboy.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.Ordering;
import dev.paperboy.resilience.ChildEngine.AckedCommit;
import dev.paperboy.resilience.CrashScenario.Run;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SIGKILL of an engine in a child JVM, again and again, while a producer fills its topic: nothing
 * is lost, and each kill redelivers only records handled after the last commit the child saw
 * acknowledged, never one that commit carried as handled above its offset. Kills land at random
 * moments from a seeded {@link Random}; the seed is printed, and {@code -Dpaperboy.seed=<seed>}
 * replays the same moments (not the order in which handler threads finish). Run in single mode
 * (timed commits every 500 ms), with lag-adaptive switching (bulk batches, committed after each
 * batch), and under key ordering, where records of different keys finish out of order: there a run
 * may start below records it skips, so instead of resuming without gap or repeat each run keeps
 * every key's records of a partition in offset order.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class CrashRecoveryIT {

  static Stream<Arguments> modes() {
    return Stream.of(
        Arguments.of("single mode", null, Ordering.PARTITION),
        Arguments.of("lag-adaptive, bulk above lag 1000", 1_000L, Ordering.PARTITION),
        Arguments.of("key ordering, single mode, 16 handler threads", null, Ordering.KEY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void sigkillLosesNothingAndRedeliversOnlyWhatFollowedTheLastAcknowledgedCommit(
      String mode, Long bulkModeThreshold, Ordering ordering, EmbeddedKafka kafka)
      throws Exception {
    long seed = Long.getLong("paperboy.seed", System.nanoTime());
    System.out.printf(
        "CrashRecoveryIT [%s] seed %d (replay: -Dpaperboy.seed=%d)%n", mode, seed, seed);
    CrashScenario crashes = new CrashScenario(kafka, new Random(seed), bulkModeThreshold, ordering);

    List<Run> runs = crashes.run();

    Map<TopicPartition, Long> end = crashes.endOffsets();
    report(mode, runs);
    assertThat(end.values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(CrashScenario.RECORDS);
    for (int k = 0; k < runs.size(); k++) {
      if (ordering == Ordering.PARTITION) {
        assertResumesWithoutGapOrRepeat(runs, k);
      } else {
        assertKeepsKeyOrder(runs.get(k));
      }
    }
    assertThat(missing(runs, end)).as("records never handled").isEmpty();
    for (int k = 0; k < CrashScenario.KILLS; k++) {
      Set<RecordId> duplicates = duplicatesCausedBy(runs, k);
      assertThat(duplicates)
          .as("records of run %d handled again later: all came after its last acked commit", k)
          .isSubsetOf(afterLastAckedCommit(runs.get(k)));
      duplicates.retainAll(carriedByLastAckedCommit(runs.get(k)));
      assertThat(duplicates)
          .as("records of run %d handled again later, though its last acked commit carried them", k)
          .isEmpty();
    }
    assertThat(crashes.committedOffsets()).isEqualTo(end);
  }

  /** Within run {@code run}, each key's records of a partition were handled in offset order. */
  private static void assertKeepsKeyOrder(Run run) {
    run.byKey.forEach(
        (key, records) -> {
          Map<Integer, Long> previous = new HashMap<>();
          for (RecordId record : records) {
            Long before = previous.put(record.partition(), record.offset());
            if (before != null) {
              assertThat(record.offset())
                  .as("run %d, key %s, partition %d", run.index, key, record.partition())
                  .isGreaterThan(before);
            }
          }
        });
  }

  /**
   * Every partition of run {@code k} goes on without a gap or a repeat from where it starts, and it
   * starts neither before the last commit an earlier run saw acknowledged (that would redeliver
   * committed records) nor after the last record earlier runs handled (that would skip records).
   */
  private static void assertResumesWithoutGapOrRepeat(List<Run> runs, int k) {
    Map<Integer, Long> acked = new HashMap<>();
    Map<Integer, Long> handledUpTo = new HashMap<>();
    for (Run earlier : runs.subList(0, k)) {
      lastAcked(earlier).forEach((partition, offset) -> acked.merge(partition, offset, Math::max));
      earlier.handled.forEach(r -> handledUpTo.merge(r.partition(), r.offset() + 1, Math::max));
    }
    Map<Integer, Long> next = new HashMap<>();
    for (RecordId record : runs.get(k).handled) {
      Long expected = next.get(record.partition());
      if (expected == null) {
        assertThat(record.offset())
            .as("run %d starts partition %d", k, record.partition())
            .isBetween(
                acked.getOrDefault(record.partition(), 0L),
                handledUpTo.getOrDefault(record.partition(), 0L));
      } else {
        assertThat(record.offset())
            .as("run %d, partition %d", k, record.partition())
            .isEqualTo(expected);
      }
      next.put(record.partition(), record.offset() + 1);
    }
  }

  private static Set<RecordId> missing(List<Run> runs, Map<TopicPartition, Long> end) {
    Set<RecordId> handled = new HashSet<>();
    runs.forEach(run -> handled.addAll(run.handled));
    Set<RecordId> missing = new HashSet<>();
    end.forEach(
        (tp, endOffset) -> {
          for (long offset = 0; offset < endOffset; offset++) {
            RecordId record = new RecordId(tp.partition(), offset);
            if (!handled.contains(record)) {
              missing.add(record);
            }
          }
        });
    return missing;
  }

  /** Records of run {@code k} that a later run handled again. */
  private static Set<RecordId> duplicatesCausedBy(List<Run> runs, int k) {
    Set<RecordId> later = new HashSet<>();
    runs.subList(k + 1, runs.size()).forEach(run -> later.addAll(run.handled));
    Set<RecordId> duplicates = new HashSet<>(runs.get(k).handled);
    duplicates.retainAll(later);
    return duplicates;
  }

  /**
   * Records of a run at or after the last offset it saw acknowledged per partition (all of a
   * partition for which it saw none): what a kill may redeliver.
   */
  private static Set<RecordId> afterLastAckedCommit(Run run) {
    Map<Integer, Long> acked = lastAcked(run);
    Set<RecordId> after = new HashSet<>();
    for (RecordId record : run.handled) {
      if (record.offset() >= acked.getOrDefault(record.partition(), 0L)) {
        after.add(record);
      }
    }
    return after;
  }

  /**
   * The records the last commit a run saw acknowledged per partition carried as handled above its
   * offset: whoever resumes from it skips them, so a kill never redelivers them.
   */
  private static Set<RecordId> carriedByLastAckedCommit(Run run) {
    Map<Integer, Set<RecordId>> carried = new HashMap<>();
    for (AckedCommit commit : run.commits) {
      commit
          .offsets()
          .keySet()
          .forEach(
              partition ->
                  carried.put(
                      partition,
                      commit.carried().stream()
                          .filter(record -> record.partition() == partition)
                          .collect(Collectors.toSet())));
    }
    Set<RecordId> all = new HashSet<>();
    carried.values().forEach(all::addAll);
    return all;
  }

  private static Map<Integer, Long> lastAcked(Run run) {
    Map<Integer, Long> acked = new HashMap<>();
    for (AckedCommit commit : run.commits) {
      commit.offsets().forEach((partition, offset) -> acked.merge(partition, offset, Math::max));
    }
    return acked;
  }

  private static void report(String mode, List<Run> runs) {
    for (int k = 0; k < runs.size(); k++) {
      Run run = runs.get(k);
      if (k == CrashScenario.KILLS) {
        System.out.printf(
            "CrashRecoveryIT [%s] final run: handled %d, %d acked commits, SIGTERM%n",
            mode, run.handled.size(), run.commits.size());
        continue;
      }
      long sinceLastAck =
          run.handled.size() - (run.commits.isEmpty() ? 0 : last(run.commits).handledBefore());
      System.out.printf(
          "CrashRecoveryIT [%s] kill %d after %d ms (produced %d): handled %d, %d acked commits,"
              + " at most %d records handled between two acks, %d handled since the last ack;"
              + " redelivered %d, bound (records after the last acked offsets) %d, of them carried"
              + " as handled by the last acked commit %d; committed when the next run began %s%n",
          mode,
          k,
          run.pauseMs,
          run.producedAtKill,
          run.handled.size(),
          run.commits.size(),
          largestGapBetweenAcks(run),
          sinceLastAck,
          duplicatesCausedBy(runs, k).size(),
          afterLastAckedCommit(run).size(),
          carriedByLastAckedCommit(run).size(),
          byPartition(runs.get(k + 1).committedAtStart));
    }
  }

  private static long largestGapBetweenAcks(Run run) {
    long largest = 0;
    long previous = 0;
    for (AckedCommit commit : run.commits) {
      largest = Math.max(largest, commit.handledBefore() - previous);
      previous = commit.handledBefore();
    }
    return largest;
  }

  private static Map<Integer, Long> byPartition(Map<TopicPartition, Long> offsets) {
    Map<Integer, Long> byPartition = new TreeMap<>();
    offsets.forEach((tp, offset) -> byPartition.put(tp.partition(), offset));
    return byPartition;
  }

  private static <T> T last(List<T> list) {
    return list.get(list.size() - 1);
  }
}
