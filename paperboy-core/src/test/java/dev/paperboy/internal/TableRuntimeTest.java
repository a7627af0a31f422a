package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.PaperboyException;
import dev.paperboy.PaperboyListener;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class TableRuntimeTest {
  private static final String TOPIC = "users";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

  @Test
  void readerEndedByAnErrorFailsTheWaitForTheRestore() {
    TableDataTest.FakeStore store = new TableDataTest.FakeStore();
    store.failApplies(new NoClassDefFoundError("a codec class"));
    MockConsumer<byte[], byte[]> consumer = topicWithOneRecord();
    TopicTable<String, String> table = table(store);

    try (TableRuntime runtime = start(table, consumer)) {

      assertThatThrownBy(() -> runtime.awaitRestored(() -> false, 10_000, System.nanoTime()))
          .isInstanceOf(PaperboyException.class)
          .hasMessageContaining(TOPIC);
      assertThat(runtime.statuses().get(TOPIC).restored()).isFalse();
      assertThat(runtime.problem()).contains("NoClassDefFoundError");
    }
  }

  @Test
  void tableConsumerReadsOnlyCommittedRecords() throws Exception {
    assertThat(tableConsumerConfig())
        .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
  }

  @Test
  void tableConsumerFetchesInBulkWithinTheClientsTotalFetchCap() throws Exception {
    assertThat(tableConsumerConfig())
        .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000)
        .containsEntry(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20)
        .containsEntry(ConsumerConfig.RECEIVE_BUFFER_CONFIG, -1) // the OS's, which grows
        .doesNotContainKey(ConsumerConfig.FETCH_MAX_BYTES_CONFIG)
        .doesNotContainKey(ConsumerConfig.CHECK_CRCS_CONFIG);
  }

  @Test
  void failedStartOfASecondEngineLeavesTheFirstEnginesTableOpen() throws Exception {
    TopicTable<String, String> table = table(new TableDataTest.FakeStore());
    try (TableRuntime first = start(table, topicWithOneRecord())) {
      first.awaitRestored(() -> false, 10_000, System.nanoTime());

      assertThatThrownBy(() -> start(table, topicWithOneRecord()))
          .isInstanceOf(PaperboyException.class);

      assertThat(table.get("k")).isEqualTo("v");
    }
  }

  @Test
  void storeOfAReaderThatDidNotStopStaysOpen() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean closed =
        new java.util.concurrent.atomic.AtomicBoolean();
    TableDataTest.FakeStore store =
        new TableDataTest.FakeStore() {
          @Override
          public void close() {
            closed.set(true);
          }
        };
    store.holdApplies();
    TableRuntime runtime = start(table(store), topicWithOneRecord());
    store.applying.await();

    runtime.close(50);

    assertThat(closed).isFalse();
    store.release.countDown();
  }

  static TopicTable<String, String> table(TableDataTest.FakeStore store) {
    return new TopicTable<>(TOPIC, Serdes.String(), Serdes.String(), topic -> store);
  }

  static MockConsumer<byte[], byte[]> topicWithOneRecord() {
    MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    consumer.updatePartitions(
        TOPIC, List.of(new PartitionInfo(TOPIC, 0, Node.noNode(), new Node[0], new Node[0])));
    consumer.updateBeginningOffsets(Map.of(P0, 0L));
    consumer.updateEndOffsets(Map.of(P0, 1L));
    consumer.schedulePollTask(
        () -> consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, b("k"), b("v"))));
    return consumer;
  }

  private static TableRuntime start(TopicTable<?, ?> table, MockConsumer<byte[], byte[]> consumer) {
    return start(table, config -> consumer);
  }

  private static TableRuntime start(
      TopicTable<?, ?> table, Function<Map<String, Object>, Consumer<byte[], byte[]>> consumers) {
    return TableRuntime.start(
        List.of(table),
        Map.of(),
        new MockProducer<>(),
        1_000,
        PaperboyListener.NONE,
        consumers,
        System::nanoTime,
        TableRuntime.STALL_NANOS);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The configuration a table's consumer is created with, for a topic of one record. */
  private Map<String, Object> tableConsumerConfig() throws Exception {
    Map<String, Object> seen = new java.util.concurrent.ConcurrentHashMap<>();
    MockConsumer<byte[], byte[]> consumer = topicWithOneRecord();
    try (TableRuntime runtime =
        start(
            table(new TableDataTest.FakeStore()),
            config -> {
              seen.putAll(config);
              return consumer;
            })) {
      runtime.awaitRestored(() -> false, 10_000, System.nanoTime());
    }
    return seen;
  }
}
