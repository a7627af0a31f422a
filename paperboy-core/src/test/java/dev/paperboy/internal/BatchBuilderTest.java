package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class BatchBuilderTest {
  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);
  private static final long MS = 1_000_000L;

  private final BatchBuilder<String, String> batch = new BatchBuilder<>(10, 1_000, 500);

  @Test
  void emptyBatchIsNeverReady() {
    assertThat(batch.isReady(0)).isFalse();
    assertThat(batch.isReady(10_000 * MS)).isFalse();
    assertThat(batch.nanosUntilReady(0)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void fullBatchIsReadyAtOnce() {
    batch.add(P0, records(P0, 0, 10), 0, 0);

    assertThat(batch.isReady(0)).isTrue();
    assertThat(batch.nanosUntilReady(0)).isZero();
  }

  @Test
  void partialBatchIsReadyWhenItsTimeoutPassedSinceTheFirstRecord() {
    batch.add(P0, records(P0, 0, 3), 0, 100 * MS);
    batch.add(P1, records(P1, 0, 3), 0, 400 * MS);

    assertThat(batch.isReady(599 * MS)).isFalse();
    assertThat(batch.nanosUntilReady(350 * MS)).isEqualTo(250 * MS);
    assertThat(batch.isReady(600 * MS)).isTrue();
  }

  @Test
  void takeSplitsPerPartitionInOffsetOrder() {
    batch.add(P0, records(P0, 0, 3), 0, 0);
    batch.add(P1, records(P1, 7, 2), 0, 0);
    batch.add(P0, records(P0, 3, 2), 0, 0);

    Map<TopicPartition, List<ConsumerRecord<String, String>>> taken = records(batch.take(0));

    assertThat(offsets(taken.get(P0))).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(offsets(taken.get(P1))).containsExactly(7L, 8L);
    assertThat(batch.size()).isZero();
  }

  @Test
  void takeNeverReturnsMoreThanTheMaximumAndKeepsTheRestInOrder() {
    batch.add(P0, records(P0, 0, 8), 0, 0);
    batch.add(P1, records(P1, 0, 8), 0, 0);

    Map<TopicPartition, List<ConsumerRecord<String, String>>> first = records(batch.take(5 * MS));
    Map<TopicPartition, List<ConsumerRecord<String, String>>> second = records(batch.take(6 * MS));

    assertThat(first.values().stream().mapToInt(List::size).sum()).isEqualTo(10);
    assertThat(offsets(first.get(P0))).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(offsets(first.get(P1))).containsExactly(0L, 1L);
    assertThat(offsets(second.get(P1))).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(batch.size()).isZero();
  }

  @Test
  void remainderWaitsAFullTimeoutAgain() {
    batch.add(P0, records(P0, 0, 12), 0, 0);

    batch.take(100 * MS);

    assertThat(batch.size()).isEqualTo(2);
    assertThat(batch.isReady(599 * MS)).isFalse();
    assertThat(batch.isReady(600 * MS)).isTrue();
  }

  @Test
  void droppedPartitionsLeaveTheBatch() {
    batch.add(P0, records(P0, 0, 3), 0, 0);
    batch.add(P1, records(P1, 0, 4), 0, 0);

    batch.drop(List.of(P0));

    assertThat(batch.size()).isEqualTo(4);
    assertThat(batch.holds(P0)).isFalse();
    assertThat(records(batch.take(0))).containsOnlyKeys(P1);
  }

  @Test
  void clearForgetsEverything() {
    batch.add(P0, records(P0, 0, 3), 0, 0);

    batch.clear();

    assertThat(batch.size()).isZero();
    assertThat(batch.isReady(10_000 * MS)).isFalse();
  }

  @Test
  void splitBatchesCarryTheBytesOfTheirRecords() {
    List<ConsumerRecord<String, String>> sized = sized(P0, 0, 10, 10, 10, 10, 10, 10, 20, 30, 40);
    sized.addAll(sized(P0, 9, 50, 60, 70));
    batch.add(P0, sized, Work.bytesOf(sized), 0);

    Work<String, String> first = batch.take(0).get(P0);
    Work<String, String> rest = batch.take(0).get(P0);

    assertThat(first.size()).isEqualTo(10);
    assertThat(first.bytes()).isEqualTo(200);
    assertThat(rest.bytes()).isEqualTo(130);
    assertThat(batch.bytes()).isZero();
  }

  @Test
  void takingABatchCountsAgainOnlyTheBytesOfThePollItCutsAndOnlyOnTheShorterSide() {
    int[] sizeReads = new int[1];
    for (long from = 0; from < 12; from += 4) {
      List<ConsumerRecord<String, String>> poll = new ArrayList<>();
      for (long offset = from; offset < from + 4; offset++) {
        poll.add(
            new ConsumerRecord<>(
                "t",
                0,
                offset,
                0L,
                TimestampType.CREATE_TIME,
                1,
                9,
                "k",
                "v",
                new RecordHeaders(),
                Optional.empty()) {
              @Override
              public int serializedValueSize() {
                sizeReads[0]++;
                return super.serializedValueSize();
              }
            });
      }
      batch.add(P0, poll, 40, 0);
    }

    Work<String, String> first = batch.take(0).get(P0);
    Work<String, String> rest = batch.take(0).get(P0);

    assertThat(offsets(first.records())).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(first.bytes()).isEqualTo(100);
    assertThat(offsets(rest.records())).containsExactly(10L, 11L);
    assertThat(rest.bytes()).isEqualTo(20);
    assertThat(sizeReads[0]).as("records whose size was read again").isEqualTo(2);
  }

  @Test
  void batchIsReadyOnceItHoldsTheMaximumBytes() {
    batch.add(P0, sized(P0, 0, 400, 500), 900, 0);
    boolean readyBelow = batch.isReady(0);
    long waitBelow = batch.nanosUntilReady(0);

    batch.add(P1, sized(P1, 0, 100), 100, 0);

    assertThat(readyBelow).isFalse();
    assertThat(waitBelow).isEqualTo(500 * MS);
    assertThat(batch.isReady(0)).isTrue();
    assertThat(batch.nanosUntilReady(0)).isZero();
  }

  @Test
  void takeNeverReturnsMoreThanTheMaximumBytesAndKeepsTheRestInOrder() {
    List<ConsumerRecord<String, String>> p0 = sized(P0, 0, 300, 300);
    List<ConsumerRecord<String, String>> p1 = sized(P1, 0, 300, 300, 300);
    batch.add(P0, p0, Work.bytesOf(p0), 0);
    batch.add(P1, p1, Work.bytesOf(p1), 0);

    Map<TopicPartition, Work<String, String>> first = batch.take(0);
    Map<TopicPartition, Work<String, String>> second = batch.take(0);

    assertThat(offsets(first.get(P0).records())).containsExactly(0L, 1L);
    assertThat(offsets(first.get(P1).records())).containsExactly(0L);
    assertThat(first.get(P1).bytes()).isEqualTo(300);
    assertThat(offsets(second.get(P1).records())).containsExactly(1L, 2L);
    assertThat(second).doesNotContainKey(P0);
    assertThat(batch.size()).isZero();
    assertThat(batch.bytes()).isZero();
  }

  @Test
  void recordLargerThanTheMaximumBytesIsABatchOfItsOwn() {
    List<ConsumerRecord<String, String>> p0 = sized(P0, 0, 100);
    List<ConsumerRecord<String, String>> p1 = sized(P1, 0, 5_000, 10);
    batch.add(P0, p0, Work.bytesOf(p0), 0);
    batch.add(P1, p1, Work.bytesOf(p1), 0);

    Map<TopicPartition, Work<String, String>> first = batch.take(0);
    Map<TopicPartition, Work<String, String>> second = batch.take(0);
    Map<TopicPartition, Work<String, String>> third = batch.take(0);

    assertThat(first).containsOnlyKeys(P0);
    assertThat(offsets(second.get(P1).records())).containsExactly(0L);
    assertThat(second.get(P1).bytes()).isEqualTo(5_000);
    assertThat(offsets(third.get(P1).records())).containsExactly(1L);
    assertThat(batch.size()).isZero();
  }

  @Test
  void droppedAndClearedRecordsLeaveTheByteCount() {
    List<ConsumerRecord<String, String>> p0 = sized(P0, 0, 200, 300);
    List<ConsumerRecord<String, String>> p1 = sized(P1, 0, 400);
    batch.add(P0, p0, Work.bytesOf(p0), 0);
    batch.add(P1, p1, Work.bytesOf(p1), 0);

    batch.drop(List.of(P0));
    long afterDrop = batch.bytes();
    batch.clear();

    assertThat(afterDrop).isEqualTo(400);
    assertThat(batch.bytes()).isZero();
  }

  private static Map<TopicPartition, List<ConsumerRecord<String, String>>> records(
      Map<TopicPartition, Work<String, String>> works) {
    Map<TopicPartition, List<ConsumerRecord<String, String>>> records =
        new java.util.LinkedHashMap<>();
    works.forEach((tp, work) -> records.put(tp, work.records()));
    return records;
  }

  static List<ConsumerRecord<String, String>> records(TopicPartition tp, long from, int count) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    for (long offset = from; offset < from + count; offset++) {
      records.add(
          new ConsumerRecord<>(tp.topic(), tp.partition(), offset, "k" + offset, "v" + offset));
    }
    return records;
  }

  private static List<Long> offsets(List<ConsumerRecord<String, String>> records) {
    return records.stream().map(ConsumerRecord::offset).toList();
  }

  /**
   * Records of {@code tp} from {@code from} whose key (1 byte) and value take these bytes in all.
   */
  private static List<ConsumerRecord<String, String>> sized(
      TopicPartition tp, long from, int... valueBytes) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    for (int i = 0; i < valueBytes.length; i++) {
      records.add(
          new ConsumerRecord<>(
              tp.topic(),
              tp.partition(),
              from + i,
              0L,
              TimestampType.CREATE_TIME,
              1,
              valueBytes[i] - 1,
              "k",
              "v",
              new RecordHeaders(),
              Optional.empty()));
    }
    return records;
  }
}
