package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class WorkTest {

  @Test
  void bytesOfCountsEveryRecordsKeyAndValue() {
    List<ConsumerRecord<String, String>> records =
        List.of(sized(0, 3, 10), sized(1, 4, 5_000), sized(2, 1, 1), sized(3, 2, 20));

    long bytes = Work.bytesOf(records);

    assertThat(bytes).isEqualTo(13 + 5_004 + 2 + 22);
  }

  @Test
  void missingKeysAndValuesCountZero() {
    List<ConsumerRecord<String, String>> records =
        List.of(sized(0, -1, 100), sized(1, 8, -1), sized(2, -1, -1));

    long bytes = Work.bytesOf(records);

    assertThat(bytes).isEqualTo(108);
  }

  @Test
  void noRecordsHaveNoBytes() {
    assertThat(Work.bytesOf(List.of())).isZero();
  }

  @Test
  void workCarriesTheBytesItWasGiven() {
    List<ConsumerRecord<String, String>> records = List.of(sized(5, 2, 30), sized(6, 2, 3));

    Work<String, String> work = Work.records(records, Work.bytesOf(records));

    assertThat(work.bytes()).isEqualTo(37);
    assertThat(work.size()).isEqualTo(2);
    assertThat(work.firstOffset()).isEqualTo(5);
    assertThat(work.nextOffset()).isEqualTo(7);
  }

  /**
   * A record of topic {@code t}, partition 0, whose serialized key and value took {@code keyBytes}
   * and {@code valueBytes} (-1: none).
   */
  static ConsumerRecord<String, String> sized(long offset, int keyBytes, int valueBytes) {
    return new ConsumerRecord<>(
        "t",
        0,
        offset,
        0L,
        TimestampType.CREATE_TIME,
        keyBytes,
        valueBytes,
        keyBytes < 0 ? null : "k",
        valueBytes < 0 ? null : "v",
        new RecordHeaders(),
        Optional.empty());
  }
}
