package dev.paperboy.internal;

import dev.paperboy.PaperboyException;
import dev.paperboy.table.Table;
import dev.paperboy.table.TableStoreFactory;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.Serde;

/**
 * A table of a topic, as {@code Table.view} and {@code Table.builder} make it: typed access over
 * the bytes of its {@link TableData}, which the engine opens at start and closes on shutdown. Not
 * API: public only so the public table package can create it.
 */
public class TopicTable<K, V> implements Table<K, V> {
  private final String topic;
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;
  private final TableStoreFactory storeFactory;
  private final AtomicBoolean claimed = new AtomicBoolean();
  private volatile TableData data;

  /** A table of {@code topic}, not yet started. */
  public TopicTable(
      String topic, Serde<K> keySerde, Serde<V> valueSerde, TableStoreFactory storeFactory) {
    this.topic = topic;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.storeFactory = storeFactory;
  }

  @Override
  public final String topic() {
    return topic;
  }

  @Override
  public final V get(K key) {
    byte[] value = data().get(serializeKey(key));
    return value == null ? null : valueSerde.deserializer().deserialize(topic, value);
  }

  @Override
  public final void forEach(BiConsumer<? super K, ? super V> action) {
    Objects.requireNonNull(action, "action");
    data()
        .forEach(
            (key, value) ->
                action.accept(
                    keySerde.deserializer().deserialize(topic, key),
                    valueSerde.deserializer().deserialize(topic, value)));
  }

  @Override
  public final long size() {
    return data().size();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + topic + "]";
  }

  /** Opens the store, once: a table serves one engine. */
  TableData open() {
    if (!claimed.compareAndSet(false, true)) {
      throw new PaperboyException(
          "the table of "
              + topic
              + " was registered with an engine before: a table serves one engine; create a new"
              + " one for each engine");
    }
    TableData opened = new TableData(storeFactory.open(topic));
    data = opened;
    return opened;
  }

  /** The engine stopped: reads fail from now on. */
  void closed() {
    data = null;
  }

  /**
   * Whether the reader can read {@code key} and {@code value} (null: a tombstone); throws if not.
   */
  void check(byte[] key, byte[] value) {
    keySerde.deserializer().deserialize(topic, key);
    if (value != null) {
      valueSerde.deserializer().deserialize(topic, value);
    }
  }

  final TableData data() {
    TableData current = data;
    if (current == null) {
      throw new IllegalStateException(
          "the table of "
              + topic
              + " is not running: register it with an engine and use it after start(), before"
              + " shutdown");
    }
    return current;
  }

  final byte[] serializeKey(K key) {
    if (key == null) {
      throw new IllegalArgumentException("key must not be null (table " + topic + ")");
    }
    return keySerde.serializer().serialize(topic, key);
  }

  final byte[] serializeValue(V value) {
    return valueSerde.serializer().serialize(topic, value);
  }
}
