package dev.paperboy.table;

import dev.paperboy.internal.ChangelogTable;
import dev.paperboy.internal.TopicTable;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;

/**
 * Builds a {@link Table} view or a {@link StateTable}; made by {@link Table#builder}. Keys are
 * looked up by their serialized bytes, so the key serde must write equal keys as equal bytes.
 */
public final class TableBuilder<K, V> {
  private final String topic;
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;
  private TableStoreFactory store = TableStoreFactory.memory();
  private Integer partitions;
  private Short replicationFactor;

  TableBuilder(String topic, Serde<K> keySerde, Serde<V> valueSerde) {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("table topic must not be blank: " + topic);
    }
    this.topic = topic;
    this.keySerde = Objects.requireNonNull(keySerde, "keySerde");
    this.valueSerde = Objects.requireNonNull(valueSerde, "valueSerde");
  }

  /**
   * Where the table keeps its entries: in memory by default (restored from the topic's beginning at
   * each start); a persistent store ({@code paperboy-rocksdb}) restores only what changed since.
   */
  public TableBuilder<K, V> store(TableStoreFactory store) {
    this.store = Objects.requireNonNull(store, "store");
    return this;
  }

  /**
   * State tables: the partitions of the changelog topic when the engine creates it; the cluster's
   * {@code num.partitions} when not set. Ignored when the topic exists.
   */
  public TableBuilder<K, V> partitions(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
    }
    this.partitions = partitions;
    return this;
  }

  /**
   * State tables: the replication factor of the changelog topic when the engine creates it; the
   * cluster's {@code default.replication.factor} when not set. Ignored when the topic exists.
   */
  public TableBuilder<K, V> replicationFactor(int replicationFactor) {
    if (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE) {
      throw new IllegalArgumentException(
          "replicationFactor must be between 1 and " + Short.MAX_VALUE + ": " + replicationFactor);
    }
    this.replicationFactor = (short) replicationFactor;
    return this;
  }

  /**
   * A read-only view of the topic, which must exist when the engine starts.
   *
   * @throws IllegalArgumentException if partitions or a replication factor were set: a view does
   *     not create its topic
   */
  public Table<K, V> buildView() {
    if (partitions != null || replicationFactor != null) {
      throw new IllegalArgumentException(
          "partitions and replicationFactor are for state tables (buildStateTable()): a view of "
              + topic
              + " reads an existing topic");
    }
    return new TopicTable<>(topic, keySerde, valueSerde, store);
  }

  /** A state table whose changelog is the topic, created by the engine if missing. */
  public StateTable<K, V> buildStateTable() {
    return new ChangelogTable<>(
        topic,
        keySerde,
        valueSerde,
        store,
        Optional.ofNullable(partitions),
        Optional.ofNullable(replicationFactor));
  }
}
