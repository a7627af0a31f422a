package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.Context;
import dev.paperboy.Ordering;
import dev.paperboy.PaperboyBulkHandler;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.PaperboyListener;
import dev.paperboy.RetryPolicy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A partition handled by key or in any order, driven by hand: the executor's tasks (one per lane
 * turn) and the retry timer run only when the test says so, in the order it says.
 */
class ConcurrentLaneTest {
  private static final String TOPIC = "orders";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final long BULK = -1;

  private final ArrayDeque<Runnable> executor = new ArrayDeque<>();
  private final ArrayDeque<Runnable> timer = new ArrayDeque<>();
  private final List<Long> handled = new ArrayList<>();
  private final Set<Long> failOnce = new HashSet<>();
  private final List<List<Long>> bulks = new ArrayList<>();

  @Test
  void recordsOfDifferentKeysRunSideBySideAndTheCommitWaitsForTheGap() {
    ConcurrentLane<Object, String> lane = lane(Ordering.KEY, recording());

    lane.submit(records("a", "b", "a", "c"));

    assertThat(executor).as("one turn per key").hasSize(3);
    runLast(); // c: offset 3
    runLast(); // b: offset 1
    assertThat(handled).containsExactly(3L, 1L);
    assertThat(lane.handledOffset()).as("offset 0 is not handled yet").isEqualTo(0);
    assertThat(lane.pending()).as("finished records above the gap still count").isEqualTo(4);
    assertThat(CompletedOffsets.decode(lane.completedAbove(0))).isEqualTo(bits(1, 3));

    runAll(); // a: offsets 0 then 2
    assertThat(handled).containsExactly(3L, 1L, 0L, 2L);
    assertThat(lane.handledOffset()).isEqualTo(4);
    assertThat(lane.pending()).isZero();
    assertThat(lane.completedAbove(4)).isEmpty();
  }

  @Test
  void lanesTakeTurnsRecordByRecordSoTheCommittableOffsetMovesSteadily() {
    ConcurrentLane<Object, String> lane = lane(Ordering.KEY, recording());
    lane.submit(records("a", "b", "a", "b"));

    executor.pollFirst().run(); // a's turn: one record, then back in the queue
    executor.pollFirst().run(); // b's turn

    assertThat(handled).containsExactly(0L, 1L);
    assertThat(lane.handledOffset()).isEqualTo(2);
    runAll();
    assertThat(handled).containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void aRetriedRecordHoldsOnlyItsOwnKey() {
    failOnce.add(0L);
    ConcurrentLane<Object, String> lane =
        lane(Ordering.KEY, recording(), RetryPolicy.ofFixedBackoff(3, Duration.ofMillis(10)));

    lane.submit(records("a", "b", "a", "b"));
    runAll();

    assertThat(handled).as("key b goes on; key a's next record waits").containsExactly(1L, 3L);
    assertThat(lane.handledOffset()).isEqualTo(0);
    assertThat(timer).hasSize(1);

    timer.poll().run();
    runAll();
    assertThat(handled).containsExactly(1L, 3L, 0L, 2L);
    assertThat(lane.handledOffset()).isEqualTo(4);
  }

  @Test
  void unorderedRunsEveryRecordOnItsOwnAndKeylessRecordsRunAloneUnderKey() {
    ConcurrentLane<Object, String> unordered = lane(Ordering.UNORDERED, recording());
    unordered.submit(records("a", "a", "a"));
    assertThat(executor).hasSize(3);
    runAll();
    executor.clear();

    ConcurrentLane<Object, String> keyed = lane(Ordering.KEY, recording());
    keyed.submit(records(null, null, "a", "a"));
    assertThat(executor).as("two keyless records, one key").hasSize(3);
  }

  @Test
  void keysAreComparedByValueAndByteArraysByContent() {
    ConcurrentLane<Object, String> lane = lane(Ordering.KEY, recording());
    lane.submit(records(new byte[] {1, 2}, new byte[] {1, 2}, new String("k"), "k"));
    assertThat(executor).hasSize(2);
  }

  @Test
  void keysThatCompareByIdentityKeepPartitionOrder() {
    ConcurrentLane<Object, String> lane = lane(Ordering.KEY, recording());
    lane.submit(records(new Object(), new Object(), new Object()));
    assertThat(executor).hasSize(1);
    runAll();
    assertThat(handled).containsExactly(0L, 1L, 2L);
  }

  @Test
  void aBulkHandlersBatchWaitsForTheRecordsBeforeItAndHoldsTheOnesAfter() {
    ConcurrentLane<Object, String> lane = lane(Ordering.KEY, bulkRecording());

    lane.submit(records("a", "b"));
    lane.submit(Work.batch(recordsFrom(2, "a", "b").records(), 0));
    lane.submit(recordsFrom(4, "c"));
    assertThat(executor).as("the batch waits for a and b").hasSize(2);

    runAll();
    assertThat(bulks).containsExactly(List.of(2L, 3L));
    assertThat(handled).as("c waited for the batch, then ran").containsExactly(0L, 1L, BULK, 4L);
    assertThat(lane.handledOffset()).isEqualTo(5);
  }

  @Test
  void closeDropsWhatDidNotStartAndTheCommitCarriesWhatFinishedAboveTheGap() throws Exception {
    ConcurrentLane<Object, String> lane = lane(Ordering.KEY, recording());
    lane.submit(records("a", "b", "c"));
    runLast(); // c: offset 2

    lane.close();
    runAll();

    assertThat(handled).containsExactly(2L);
    assertThat(lane.awaitIdle(0)).isTrue();
    assertThat(lane.handledOffset()).isEqualTo(0);
    assertThat(CompletedOffsets.decode(lane.completedAbove(0))).isEqualTo(bits(2));
  }

  @Test
  void recordsAPreviousOwnerCompletedAreSkipped() {
    ConcurrentLane<Object, String> lane = lane(Ordering.KEY, recording());
    lane.skipCompleted(10, bits(1, 2));

    lane.submit(recordsFrom(10, "a", "b", "c", "d"));
    runAll();

    assertThat(handled).containsExactly(10L, 13L);
    assertThat(lane.handledOffset()).isEqualTo(14);
  }

  @Test
  void theCommitKeepsCarryingWhatAPreviousOwnerCompletedWhileAGapRemainsBelow() {
    ConcurrentLane<Object, String> lane = lane(Ordering.KEY, recording());
    lane.skipCompleted(10, bits(2));
    lane.submit(recordsFrom(10, "a", "b", "c", "d", "e"));

    runLast(); // e: offset 14

    assertThat(lane.handledOffset()).as("offset 10 is not handled yet").isEqualTo(10);
    assertThat(CompletedOffsets.decode(lane.completedAbove(10)))
        .as("12, skipped as the previous owner handled it, and 14, handled here")
        .isEqualTo(bits(2, 4));
  }

  @Test
  void aSlowRecordKeepsTheWindowFullSoThePartitionPauses() {
    ConcurrentLane<Object, String> lane = lane(Ordering.UNORDERED, recording());
    lane.submit(records("a", "b", "c", "d"));
    Runnable first = executor.pollFirst();
    runAll();

    assertThat(lane.pending()).isEqualTo(4);
    assertThat(lane.pendingBytes()).isEqualTo(4 * 2);
    first.run();
    assertThat(lane.pending()).isZero();
    assertThat(lane.pendingBytes()).isZero();
  }

  private ConcurrentLane<Object, String> lane(
      Ordering ordering, PaperboyHandler<Object, String> handler) {
    return lane(ordering, handler, RetryPolicy.none());
  }

  private ConcurrentLane<Object, String> lane(
      Ordering ordering, PaperboyHandler<Object, String> handler, RetryPolicy retry) {
    Route<Object, String> route = new Route<>(handler);
    WorkProcessor<Object, String> processor =
        new WorkProcessor<>(true, retry, null, PaperboyListener.NONE, Interceptors.NONE);
    return new ConcurrentLane<>(
        P0,
        ordering,
        route,
        events ->
            new PartitionLane<>(
                P0,
                route,
                executor::add,
                processor,
                (delayMs, task) -> timer.add(task),
                PaperboyListener.NONE,
                () -> {},
                () -> 0L,
                events),
        () -> {});
  }

  private PaperboyHandler<Object, String> recording() {
    return PaperboyHandler.of(
        TOPIC,
        (msg, ctx) -> {
          if (failOnce.remove(msg.offset())) {
            throw new IllegalStateException("fails once: " + msg.offset());
          }
          handled.add(msg.offset());
        });
  }

  private PaperboyHandler<Object, String> bulkRecording() {
    return new PaperboyBulkHandler<>() {
      @Override
      public String topic() {
        return TOPIC;
      }

      @Override
      public void onMessage(ConsumerRecord<Object, String> msg, Context ctx) {
        handled.add(msg.offset());
      }

      @Override
      public void onBulk(List<ConsumerRecord<Object, String>> msgs, Context ctx) {
        bulks.add(msgs.stream().map(ConsumerRecord::offset).toList());
        handled.add(BULK);
      }
    };
  }

  private void runAll() {
    Runnable task;
    while ((task = executor.pollFirst()) != null) {
      task.run();
    }
  }

  private void runLast() {
    executor.pollLast().run();
  }

  private static BitSet bits(int... set) {
    BitSet bits = new BitSet();
    for (int bit : set) {
      bits.set(bit);
    }
    return bits;
  }

  private static Work<Object, String> records(Object... keys) {
    return recordsFrom(0, keys);
  }

  private static Work<Object, String> recordsFrom(long from, Object... keys) {
    List<ConsumerRecord<Object, String>> records = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      records.add(
          new ConsumerRecord<>(
              TOPIC,
              0,
              from + i,
              0L,
              org.apache.kafka.common.record.TimestampType.CREATE_TIME,
              1,
              1,
              keys[i],
              "v",
              new org.apache.kafka.common.header.internals.RecordHeaders(),
              java.util.Optional.empty()));
    }
    return Work.records(records, Work.bytesOf(records));
  }
}
