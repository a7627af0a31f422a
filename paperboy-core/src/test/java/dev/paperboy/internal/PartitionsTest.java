package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.Ordering;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.PaperboyListener;
import dev.paperboy.RetryPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The registry of owned partitions, over lanes whose executor never runs them. */
class PartitionsTest {
  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);
  private static final TopicPartition OTHER = new TopicPartition("other", 0);

  private final Map<TopicPartition, Long> fetchLags = new HashMap<>();
  private final MockConsumer<String, String> consumer =
      new MockConsumer<>("earliest") {
        @Override
        public OptionalLong currentLag(TopicPartition partition) {
          Long lag = fetchLags.get(partition);
          return lag == null ? OptionalLong.empty() : OptionalLong.of(lag);
        }
      };
  private final OffsetTracker tracker = new OffsetTracker();

  @Test
  void assignmentOpensLanesTracksOffsetsAndHoldsBackTopicsOfLaterSteps() {
    Partitions<String, String> partitions = partitions(new StepPlan(List.of(Set.of("t"))));
    consumer.assign(List.of(P0, OTHER));

    partitions.assign(List.of(P0, OTHER));

    assertThat(partitions.owned()).containsExactlyInAnyOrder(P0, OTHER);
    assertThat(partitions.lane(P0)).isNotNull();
    assertThat(consumer.paused()).containsExactly(OTHER);
    assertThat(partitions.isPaused(OTHER)).isTrue();
    tracker.handled(P0, 5);
    assertThat(tracker.committable()).containsEntry(P0, new OffsetAndMetadata(5));
  }

  @Test
  void revocationForgetsLaneOffsetsAndStepTarget() {
    Partitions<String, String> partitions = partitions(new StepPlan(List.of()));
    partitions.assign(List.of(P0));
    partitions.stepTarget(P0, 100);
    tracker.handled(P0, 5);

    partitions.revoke(List.of(P0));

    assertThat(partitions.owned()).isEmpty();
    assertThat(partitions.lane(P0)).isNull();
    assertThat(partitions.stepTarget(P0)).isNull();
    assertThat(tracker.committable()).isEmpty();
  }

  @Test
  void fetchLagIsTheSumOverTheOwnedPartitions() {
    Partitions<String, String> partitions = owning(P0, P1);
    fetchLags.putAll(Map.of(P0, 40L, P1, 2L));

    assertThat(partitions.fetchLag()).isEqualTo(new Partitions.FetchLag(42, true, List.of()));
  }

  @Test
  void fetchLagIsIncompleteUntilEveryOwnedPartitionsLagIsKnown() {
    Partitions<String, String> partitions = owning(P0, P1);
    fetchLags.put(P0, 40_000L);

    assertThat(partitions.fetchLag())
        .isEqualTo(new Partitions.FetchLag(40_000, false, List.of(P1)));
  }

  @Test
  void fetchLagIsIncompleteWithoutPartitions() {
    assertThat(partitions(new StepPlan(List.of())).fetchLag().complete()).isFalse();
  }

  @Test
  void pausesAPartitionWhoseLaneHoldsTheRecordLimit() {
    Partitions<String, String> partitions = owning(P0);
    partitions.lane(P0).submit(work(records(10, 1)));

    partitions.applyPauses(new PauseLimits(10, Long.MAX_VALUE));

    assertThat(consumer.paused()).containsExactly(P0);
  }

  @Test
  void pausesAPartitionWhoseLaneHoldsTheByteLimitWhateverTheRecordCount() {
    Partitions<String, String> partitions = owning(P0);
    partitions.lane(P0).submit(work(records(2, 1_000_000)));

    partitions.applyPauses(new PauseLimits(10_000, 1_500_000));

    assertThat(consumer.paused()).containsExactly(P0);
  }

  @Test
  void keepsFetchingBelowBothLimits() {
    Partitions<String, String> partitions = owning(P0);
    partitions.lane(P0).submit(work(records(9, 100)));

    partitions.applyPauses(new PauseLimits(10, 10_000));

    assertThat(consumer.paused()).isEmpty();
  }

  @Test
  void aBlockedPartitionStaysPausedWhateverItsBacklog() {
    Partitions<String, String> partitions = owning(P0);

    partitions.block(P0);
    partitions.applyPauses(new PauseLimits(10, 10_000));

    assertThat(consumer.paused()).containsExactly(P0);
  }

  @Test
  void underKeyOrderingRecordsThePreviousOwnerCompletedAboveItsCommitAreSkipped() {
    List<Runnable> turns = new ArrayList<>();
    Partitions<String, String> partitions =
        partitions(new StepPlan(List.of()), Ordering.KEY, turns::add);
    consumer.assign(List.of(P0));
    java.util.BitSet completed = new java.util.BitSet();
    completed.set(1); // offset 11
    consumer.commitSync(Map.of(P0, new OffsetAndMetadata(10, CompletedOffsets.encode(completed))));

    partitions.assign(List.of(P0));
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    for (long offset = 10; offset < 13; offset++) {
      records.add(new ConsumerRecord<>("t", 0, offset, "k" + offset, "v"));
    }
    partitions.lane(P0).submit(work(records));

    assertThat(turns).as("offsets 10 and 12 only").hasSize(2);
    turns.forEach(Runnable::run);
    assertThat(partitions.lane(P0).handledOffset()).isEqualTo(13);
  }

  private Partitions<String, String> owning(TopicPartition... owned) {
    Partitions<String, String> partitions = partitions(new StepPlan(List.of()));
    consumer.assign(List.of(owned));
    partitions.assign(List.of(owned));
    return partitions;
  }

  private Partitions<String, String> partitions(StepPlan steps) {
    return partitions(steps, Ordering.PARTITION, task -> {});
  }

  private Partitions<String, String> partitions(
      StepPlan steps, Ordering ordering, java.util.concurrent.Executor executor) {
    return new Partitions<>(
        consumer,
        tracker,
        steps,
        Map.of(
            "t", new Route<>(PaperboyHandler.<String, String>of("t", (msg, ctx) -> {})),
            "other", new Route<>(PaperboyHandler.<String, String>of("other", (msg, ctx) -> {}))),
        executor,
        new WorkProcessor<>(
            true, RetryPolicy.none(), null, PaperboyListener.NONE, Interceptors.NONE),
        (delayMs, task) -> {},
        PaperboyListener.NONE,
        () -> 0L,
        ordering,
        true);
  }

  private static Work<String, String> work(List<ConsumerRecord<String, String>> records) {
    return Work.records(records, Work.bytesOf(records));
  }

  private static List<ConsumerRecord<String, String>> records(int count, int valueBytes) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(
          new ConsumerRecord<>(
              "t",
              0,
              i,
              0L,
              TimestampType.CREATE_TIME,
              0,
              valueBytes,
              "k",
              "v",
              new RecordHeaders(),
              Optional.empty()));
    }
    return records;
  }
}
