package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.PaperboyListener;
import dev.paperboy.PoisonPill;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TableChangesTest {
  private static final String TOPIC = "users";

  /** A value serde that cannot read "bad". */
  private static final Serde<String> PICKY =
      Serdes.serdeFrom(
          new StringSerializer(),
          (topic, data) -> {
            String value = new StringDeserializer().deserialize(topic, data);
            if ("bad".equals(value)) {
              throw new IllegalArgumentException("cannot read " + value);
            }
            return value;
          });

  @Test
  void unreadableRecordsAreSkippedAndTheOthersAppliedInOrderUpToThePollsEnd() {
    TableDataTest.FakeStore store = new TableDataTest.FakeStore();
    TopicTable<String, String> table =
        new TopicTable<>(TOPIC, Serdes.String(), PICKY, topic -> store);
    List<Long> pills = new ArrayList<>();
    PaperboyListener listener =
        new PaperboyListener() {
          @Override
          public void onPoisonPill(PoisonPill pill, boolean fatal) {
            pills.add(pill.offset());
          }
        };
    TableChanges changes = new TableChanges(table, table.open(), listener);
    TopicPartition p0 = new TopicPartition(TOPIC, 0);

    changes.apply(
        new ConsumerRecords<>(
            Map.of(
                p0,
                List.of(
                    TableReaderTest.record(0, "a", "1"),
                    TableReaderTest.record(1, null, "no key"),
                    TableReaderTest.record(2, "b", "2"),
                    TableReaderTest.record(3, "c", "bad"),
                    TableReaderTest.record(4, "a", "3"))),
            Map.of()));

    assertThat(pills).containsExactly(1L, 3L);
    assertThat(store.entries.keySet()).containsExactlyInAnyOrder("a", "b");
    assertThat(new String(store.entries.get("a"), StandardCharsets.UTF_8)).isEqualTo("3");
    assertThat(store.offsets).containsEntry(0, 5L);
  }
}
