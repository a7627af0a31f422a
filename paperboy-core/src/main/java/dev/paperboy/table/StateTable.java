package dev.paperboy.table;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serde;

/**
 * A table the service owns and its handlers write: each {@link #put} or {@link #delete} is written
 * to the table's own compacted changelog topic, so the state survives restarts and every instance
 * of the service (each holds the whole table, see {@link Table}) sees every instance's writes. The
 * engine creates the changelog topic when it is missing ({@code cleanup.policy=compact}).
 *
 * <p><b>Guarantees</b>: a write is visible to {@link #get} on this instance at once (read your
 * writes), and on other instances once they read it back from the changelog, normally within
 * moments. A write made while a handler handles a record is part of that handling: the record's
 * offset is committed only after the broker acknowledged the write, and a failed write is the
 * record's error (retried, dead-lettered or fatal, as the options say); the local value is then
 * withdrawn. After a crash a record handled since the last commit is handled again, so its writes
 * are written again: make them idempotent (a put of the same value is). Two instances writing one
 * key at once: the last write in the changelog wins, everywhere.
 */
public interface StateTable<K, V> extends Table<K, V> {

  /**
   * A state table on {@code changelogTopic}, kept in memory, created with the cluster's defaults.
   */
  static <K, V> StateTable<K, V> of(String changelogTopic, Serde<K> keySerde, Serde<V> valueSerde) {
    return Table.builder(changelogTopic, keySerde, valueSerde).buildStateTable();
  }

  /**
   * Sets the value of {@code key}: writes it to the changelog; the future completes when the broker
   * acknowledged it.
   *
   * @throws IllegalArgumentException if {@code key} or {@code value} is null (use {@link #delete})
   * @throws IllegalStateException if the table's engine is not running
   */
  CompletableFuture<RecordMetadata> put(K key, V value);

  /** Deletes {@code key}: writes a tombstone to the changelog. As {@link #put} otherwise. */
  CompletableFuture<RecordMetadata> delete(K key);
}
