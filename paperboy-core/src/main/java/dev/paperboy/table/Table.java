package dev.paperboy.table;

import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.Serde;

/**
 * A key-value table read from a compacted topic, for handlers to look things up in: the latest
 * value of each key, a tombstone ({@code null} value) deleting the key.
 *
 * <p>Register it with the engine ({@code EngineBuilder.table}, or {@code PaperboyEngine.tables()}
 * in a subclass). Every table is global: the engine reads <em>all</em> partitions of its topic with
 * a consumer of its own (no group, nothing committed), so every instance of a service holds the
 * whole table whatever partitions of its handlers' topics it owns, and the handlers' group is never
 * disturbed. At {@code start()} each table is restored first: read up to the end offsets its topic
 * had when the restore began, before any handler gets a record. Then it keeps following its topic,
 * so later writes arrive within moments. A value the table's deserializer cannot read is reported
 * like a poison pill ({@code PaperboyListener.onPoisonPill}) and skipped; it never stops the
 * restore.
 *
 * <p>Read from any thread, once the engine started it; a table serves one engine. This interface is
 * implemented by the engine's tables ({@link #view}, {@link #builder}, {@link StateTable}); a test
 * may implement it with a map to test a handler without a broker, but an engine accepts only its
 * own.
 */
public interface Table<K, V> {

  /**
   * A read-only view of an existing compacted topic (reference data), kept in memory. The topic
   * must exist when the engine starts.
   */
  static <K, V> Table<K, V> view(String topic, Serde<K> keySerde, Serde<V> valueSerde) {
    return builder(topic, keySerde, valueSerde).buildView();
  }

  /** A builder of a table of {@code topic}, to choose its store or make it a {@link StateTable}. */
  static <K, V> TableBuilder<K, V> builder(String topic, Serde<K> keySerde, Serde<V> valueSerde) {
    return new TableBuilder<>(topic, keySerde, valueSerde);
  }

  /** The topic this table reads. */
  String topic();

  /**
   * The value of {@code key}, or {@code null} if the table has none.
   *
   * @throws IllegalStateException if the table's engine has not started it, or has stopped
   */
  V get(K key);

  /** Whether the table has a value for {@code key}. */
  default boolean containsKey(K key) {
    return get(key) != null;
  }

  /**
   * Calls {@code action} with each key and value, in no promised order. Writes made while it runs
   * may or may not be seen.
   */
  void forEach(BiConsumer<? super K, ? super V> action);

  /** The number of keys in the table. */
  long size();
}
