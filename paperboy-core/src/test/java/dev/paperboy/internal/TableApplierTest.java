package dev.paperboy.internal;

import static dev.paperboy.internal.TableReaderTest.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.PaperboyException;
import dev.paperboy.PaperboyListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TableApplierTest {
  private static final String TOPIC = "users";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

  private final TableDataTest.FakeStore store = new TableDataTest.FakeStore();
  private final TopicTable<String, String> table =
      new TopicTable<>(TOPIC, Serdes.String(), Serdes.String(), topic -> store);
  private final TableApplier applier =
      new TableApplier(TOPIC, new TableChanges(table, table.open(), PaperboyListener.NONE));

  @AfterEach
  void release() {
    store.release.countDown();
    applier.close();
  }

  @Test
  void appliesInOrderOnItsOwnThread() {
    applier.handOver(poll(0, "a", "1"));
    applier.handOver(poll(1, "a", "2"));
    applier.handOver(ConsumerRecords.empty());

    assertThat(store.calls).containsExactly("apply 0 up to 1", "apply 0 up to 2");
    assertThat(store.get(b("a"))).isEqualTo(b("2"));
    assertThat(store.applyThread).isEqualTo("paperboy-table-" + TOPIC + "-apply");
  }

  @Test
  void closeWaitsForTheApplyInProgress() throws Exception {
    store.holdApplies();
    applier.handOver(poll(0, "a", "1"));
    assertThat(store.applying.await(10, TimeUnit.SECONDS)).isTrue();

    Thread closing = new Thread(applier::close, "closing");
    closing.start();
    Eventually.await("close waits for the apply", () -> TableReaderTest.waitsIn(closing, "close"));
    assertThat(store.calls).isEmpty();

    store.release.countDown();
    closing.join(10_000);

    assertThat(closing.isAlive()).isFalse();
    assertThat(store.calls).containsExactly("apply 0 up to 1");
  }

  @Test
  void failedApplyIsThrownByTheNextHandOverWithTheTableInItsMessage() {
    store.failApplies(new IllegalStateException("disk full"));
    applier.handOver(poll(0, "a", "1"));

    assertThatThrownBy(() -> applier.handOver(ConsumerRecords.empty()))
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining(TOPIC)
        .hasMessageContaining("disk full")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void storesOwnExceptionIsThrownAsTheStoreWroteIt() {
    PaperboyException stores = new PaperboyException("table users: RocksDB write failed");
    store.failApplies(stores);
    applier.handOver(poll(0, "a", "1"));

    assertThatThrownBy(applier::awaitApplied).isSameAs(stores);
  }

  @Test
  void errorOfAnApplyIsThrownAsItIs() {
    store.failApplies(new NoClassDefFoundError("a codec class"));
    applier.handOver(poll(0, "a", "1"));

    assertThatThrownBy(applier::awaitApplied).isInstanceOf(NoClassDefFoundError.class);
  }

  private static ConsumerRecords<byte[], byte[]> poll(long offset, String key, String value) {
    return new ConsumerRecords<>(
        Map.of(P0, List.of(TableReaderTest.record(offset, key, value))), Map.of());
  }
}
