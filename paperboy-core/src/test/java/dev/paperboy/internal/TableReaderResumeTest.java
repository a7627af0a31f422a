package dev.paperboy.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.PaperboyListener;
import dev.paperboy.table.TableStatus;
import dev.paperboy.table.TableStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** A reader resuming from a persistent store, over a consumer that seeks as KafkaConsumer does. */
class TableReaderResumeTest {
  private static final String TOPIC = "prices";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

  @Test
  void storeHoldingEveryPartitionsOffsetRestoresNothing() throws InterruptedException {
    TableDataTest.FakeStore store = new TableDataTest.FakeStore();
    store.apply(0, List.of(new TableStore.Change(b("a"), b("1"))), 10);
    store.apply(1, List.of(new TableStore.Change(b("b"), b("2"))), 10);
    TableReader reader = reader(new TableData(store), consumerWithTenRecordsPerPartition());

    Thread thread = new Thread(reader, "reader");
    thread.start();
    boolean restored = reader.awaitRestored(5_000);
    TableStatus status = reader.status();
    reader.close();
    thread.join(10_000);

    assertThat(restored).isTrue();
    assertThat(status.restored()).isTrue();
    assertThat(status.offsetsToRestore()).isZero();
  }

  private static TableReader reader(TableData data, MockConsumer<byte[], byte[]> consumer) {
    return new TableReader(
        new TopicTable<>(TOPIC, Serdes.String(), Serdes.String(), topic -> null),
        data,
        consumer,
        new PaperboyListener() {},
        System::nanoTime,
        TimeUnit.SECONDS.toNanos(30));
  }

  /**
   * Two partitions of ten records each. Its {@code seekToBeginning} treats an empty collection as
   * {@code KafkaConsumer} documents it (every assigned partition), which {@code MockConsumer} does
   * not.
   */
  private static MockConsumer<byte[], byte[]> consumerWithTenRecordsPerPartition() {
    MockConsumer<byte[], byte[]> consumer =
        new MockConsumer<>("earliest") {
          @Override
          public synchronized void seekToBeginning(Collection<TopicPartition> partitions) {
            super.seekToBeginning(partitions.isEmpty() ? assignment() : partitions);
          }
        };
    Node node = new Node(0, "localhost", 9092);
    consumer.updatePartitions(
        TOPIC,
        List.of(
            new PartitionInfo(TOPIC, 0, node, new Node[0], new Node[0]),
            new PartitionInfo(TOPIC, 1, node, new Node[0], new Node[0])));
    consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    consumer.updateEndOffsets(Map.of(P0, 10L, P1, 10L));
    return consumer;
  }

  private static byte[] b(String text) {
    return text.getBytes(UTF_8);
  }
}
