package dev.paperboy.internal;

import dev.paperboy.table.StateTable;
import dev.paperboy.table.TableStoreFactory;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serde;

/**
 * A state table: a {@link TopicTable} of its changelog topic that also writes it, through the
 * engine's producer. A write goes into the table's overlay at once (read your writes), is tied to
 * the handling in progress ({@link HandlingScope}), and is withdrawn from the overlay if it fails.
 * Not API: public only so the public table package can create it.
 */
public final class ChangelogTable<K, V> extends TopicTable<K, V> implements StateTable<K, V> {
  private final Optional<Integer> partitions;
  private final Optional<Short> replicationFactor;
  private volatile Writer writer;

  private record Writer(Producer<byte[], byte[]> producer, long maxWaitMs) {}

  /** A state table on {@code topic}, not yet started. */
  public ChangelogTable(
      String topic,
      Serde<K> keySerde,
      Serde<V> valueSerde,
      TableStoreFactory storeFactory,
      Optional<Integer> partitions,
      Optional<Short> replicationFactor) {
    super(topic, keySerde, valueSerde, storeFactory);
    this.partitions = partitions;
    this.replicationFactor = replicationFactor;
  }

  @Override
  public CompletableFuture<RecordMetadata> put(K key, V value) {
    if (value == null) {
      throw new IllegalArgumentException(
          "value must not be null (table " + topic() + "): use delete(key)");
    }
    byte[] bytes = serializeValue(value);
    if (bytes == null) {
      throw new IllegalArgumentException(
          "the value serializer of table " + topic() + " wrote null, which would delete the key");
    }
    return write(serializeKey(key), bytes);
  }

  @Override
  public CompletableFuture<RecordMetadata> delete(K key) {
    return write(serializeKey(key), null);
  }

  Optional<Integer> partitions() {
    return partitions;
  }

  Optional<Short> replicationFactor() {
    return replicationFactor;
  }

  /** Binds the table to the engine's producer, at start. */
  void writeWith(Producer<byte[], byte[]> producer, long maxWaitMs) {
    writer = new Writer(producer, maxWaitMs);
  }

  @Override
  void closed() {
    writer = null;
    super.closed();
  }

  private CompletableFuture<RecordMetadata> write(byte[] key, byte[] value) {
    TableData data = data();
    Writer current = writer;
    if (current == null) {
      throw new IllegalStateException("the table of " + topic() + " is not running");
    }
    long seq = data.written(key, value);
    CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
    try {
      current.producer.send(
          new ProducerRecord<>(topic(), key, value),
          (metadata, error) -> {
            if (error != null) {
              data.failed(key, seq);
              ack.completeExceptionally(error);
            } else {
              data.acknowledged(key, seq, metadata.partition(), metadata.offset());
              ack.complete(metadata);
            }
          });
    } catch (RuntimeException e) {
      data.failed(key, seq);
      throw e;
    }
    HandlingScope.track(ack, current.maxWaitMs);
    return ack;
  }
}
