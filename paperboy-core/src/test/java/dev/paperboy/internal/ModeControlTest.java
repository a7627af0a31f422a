package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.ConsumptionMode;
import dev.paperboy.Ordering;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.PaperboyListener;
import dev.paperboy.RetryPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lag rule, stepped by hand: partitions that never run, a consumer whose lag the test sets. */
class ModeControlTest {
  private static final String TOPIC = "orders";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
  private static final long THRESHOLD = 1_000;

  private final Map<TopicPartition, Long> fetchLags = new HashMap<>();
  private final List<String> switches = new ArrayList<>();
  private final MockConsumer<String, String> consumer =
      new MockConsumer<>("earliest") {
        @Override
        public OptionalLong currentLag(TopicPartition partition) {
          Long lag = fetchLags.get(partition);
          return lag == null ? OptionalLong.empty() : OptionalLong.of(lag);
        }
      };
  private final PaperboyListener listener =
      new PaperboyListener() {
        @Override
        public void onModeSwitched(ConsumptionMode from, ConsumptionMode to, long lag) {
          switches.add(to + " at lag " + lag);
        }
      };
  private final OffsetTracker tracker = new OffsetTracker();
  private final StepPlan noSteps = new StepPlan(List.of());
  private final Partitions<String, String> partitions =
      new Partitions<>(
          consumer,
          tracker,
          noSteps,
          Map.of(TOPIC, new Route<>(PaperboyHandler.<String, String>of(TOPIC, (msg, ctx) -> {}))),
          task -> {}, // never runs: what is handed over stays pending
          new WorkProcessor<>(
              true, RetryPolicy.none(), null, PaperboyListener.NONE, Interceptors.NONE),
          (delayMs, task) -> {},
          PaperboyListener.NONE,
          () -> 0L,
          Ordering.PARTITION,
          true);
  private final Committer committer =
      new Committer(consumer, tracker, PaperboyListener.NONE, true, () -> 0L);
  private final BulkDispatch<String, String> bulk =
      new BulkDispatch<>(
          partitions,
          committer,
          new BatchBuilder<>(2_000, Long.MAX_VALUE, 10_000),
          new CommitSchedule(1_000, 0),
          true,
          new PauseLimits(10_000, 1 << 24));
  private final ModeControl<String, String> modes =
      new ModeControl<>(
          consumer,
          partitions,
          noSteps,
          listener,
          THRESHOLD,
          false,
          new SingleDispatch<>(
              partitions,
              committer,
              new CommitSchedule(1_000, 0),
              true,
              new PauseLimits(10_000, 1 << 24)),
          bulk);

  @BeforeEach
  void ownTwoPartitions() {
    consumer.assign(List.of(P0, P1));
    partitions.assign(List.of(P0, P1));
  }

  @Test
  void aBacklogAtStartIsBatchedFromTheFirstPoll() {
    fetchLags.put(P0, 9_750L);
    fetchLags.put(P1, 9_750L);

    modes.choose(500, 0);

    assertThat(modes.mode()).isEqualTo(ConsumptionMode.BULK);
    assertThat(switches).containsExactly("BULK at lag 20000");
  }

  @Test
  void aLagJustAboveTheThresholdOnceIsNoEvidenceTwiceIs() {
    fetchLags.put(P0, 1_200L);
    fetchLags.put(P1, 0L);

    modes.choose(0, 0);
    ConsumptionMode afterOne = modes.mode();
    modes.choose(0, 1);

    assertThat(afterOne).isEqualTo(ConsumptionMode.SINGLE);
    assertThat(modes.mode()).isEqualTo(ConsumptionMode.BULK);
  }

  @Test
  void bulkIsLeftAsSoonAsTheLagIsAtTheThresholdAndTheBatchHandedOver() {
    fetchLags.put(P0, 5_000L);
    fetchLags.put(P1, 5_000L);
    modes.choose(0, 0);
    fetchLags.put(P0, 0L);
    fetchLags.put(P1, 0L);
    bulk.accept(polled(P0, 0, 600), 1);

    modes.choose(400, 2);

    assertThat(modes.mode()).isEqualTo(ConsumptionMode.SINGLE);
    assertThat(switches).containsExactly("BULK at lag 10000", "SINGLE at lag 1000");
    assertThat(bulk.collected()).isZero();
    assertThat(partitions.pending()).isEqualTo(600);
  }

  @Test
  void handingABatchOverDoesNotChangeTheLag() {
    fetchLags.put(P0, 0L);
    fetchLags.put(P1, 0L);
    modes.choose(2_500, 0);
    bulk.accept(polled(P0, 0, 2_500), 0);
    modes.choose(0, 1);

    bulk.flush(2);
    modes.choose(0, 3);

    assertThat(partitions.pending()).isEqualTo(2_500);
    assertThat(modes.mode()).isEqualTo(ConsumptionMode.BULK);
    assertThat(switches).containsExactly("BULK at lag 2500");
  }

  @Test
  void aBatchThatCannotFillAnyMoreIsReportedOnceEverythingIsFetched() {
    fetchLags.put(P0, 3_000L);
    fetchLags.put(P1, 0L);
    modes.choose(0, 0);
    boolean whileFetching = modes.fetchedAll();
    fetchLags.put(P0, 0L);

    modes.choose(3_000, 1);

    assertThat(whileFetching).isFalse();
    assertThat(modes.fetchedAll()).isTrue();
    assertThat(modes.mode()).isEqualTo(ConsumptionMode.BULK);
  }

  @Test
  void aKnownPartAboveTwiceTheThresholdDecidesBeforeEveryPartitionIsKnown() {
    fetchLags.put(P0, 3_000L);

    modes.choose(0, 0);

    assertThat(modes.mode()).isEqualTo(ConsumptionMode.BULK);
  }

  @Test
  void aPartitionNotFetchedYetCountsWithItsEndOffsetMinusItsPosition() {
    consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    consumer.seek(P1, 2_000);
    consumer.updateEndOffsets(Map.of(P1, 10_000L));
    fetchLags.put(P0, 9_500L);

    modes.choose(500, 0);

    assertThat(switches).containsExactly("BULK at lag 18000");
  }

  @Test
  void nothingIsDecidedOnAnUnknownPartWhenTheKnownPartIsSmall() {
    fetchLags.put(P0, 3_000L);
    modes.choose(0, 0);
    fetchLags.put(P0, 10L);
    fetchLags.remove(P1);

    modes.choose(0, 1);

    assertThat(modes.mode()).isEqualTo(ConsumptionMode.BULK);
  }

  private static ConsumerRecords<String, String> polled(TopicPartition tp, long from, int count) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(new ConsumerRecord<>(TOPIC, tp.partition(), from + i, "k", "v"));
    }
    return new ConsumerRecords<>(Map.of(tp, records), Map.of());
  }
}
