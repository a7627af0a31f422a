package dev.paperboy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class LatestByKeyTest {

  @Test
  void keepsTheLastRecordOfEachKeySplitIntoValuesAndTombstones() {
    List<ConsumerRecord<String, Integer>> batch =
        records("a", 1, "a", 2, "a", 3, "b", 1, "c", 1, "c", 10, "c", 25, "c", null, "b", 100);

    LatestByKey<String, Integer> latest = LatestByKey.of(batch);

    assertThat(latest.values()).extracting(ConsumerRecord::key).containsExactly("a", "b");
    assertThat(latest.values()).extracting(ConsumerRecord::value).containsExactly(3, 100);
    assertThat(latest.tombstones()).extracting(ConsumerRecord::key).containsExactly("c");
    assertThat(latest.deletedKeys()).containsExactly("c");
  }

  @Test
  void keyDeletedThenWrittenAgainIsAValue() {
    LatestByKey<String, Integer> latest = LatestByKey.of(records("a", 1, "a", null, "a", 2));

    assertThat(latest.values()).extracting(ConsumerRecord::value).containsExactly(2);
    assertThat(latest.tombstones()).isEmpty();
  }

  @Test
  void ordersByEachKeysLastRecord() {
    LatestByKey<String, Integer> latest = LatestByKey.of(records("a", 1, "b", 1, "a", 2));

    assertThat(latest.values()).extracting(ConsumerRecord::key).containsExactly("b", "a");
  }

  @Test
  void comparesByteArrayKeysByContent() {
    List<ConsumerRecord<byte[], String>> batch = new ArrayList<>();
    batch.add(new ConsumerRecord<>("t", 0, 0, bytes("k"), "old"));
    batch.add(new ConsumerRecord<>("t", 0, 1, bytes("k"), "new"));

    assertThat(LatestByKey.of(batch).values())
        .extracting(ConsumerRecord::value)
        .containsExactly("new");
  }

  @Test
  void nullIsAKeyLikeAnyOther() {
    LatestByKey<String, Integer> latest = LatestByKey.of(records(null, 1, null, 2));

    assertThat(latest.values()).extracting(ConsumerRecord::value).containsExactly(2);
  }

  @Test
  void emptyBatchGivesNothing() {
    LatestByKey<String, Integer> latest = LatestByKey.of(List.of());

    assertThat(latest.values()).isEmpty();
    assertThat(latest.tombstones()).isEmpty();
  }

  private static List<ConsumerRecord<String, Integer>> records(Object... keyValues) {
    List<ConsumerRecord<String, Integer>> records = new ArrayList<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      records.add(
          new ConsumerRecord<>("t", 0, i / 2, (String) keyValues[i], (Integer) keyValues[i + 1]));
    }
    return records;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
