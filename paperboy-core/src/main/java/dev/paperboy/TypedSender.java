package dev.paperboy;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A {@link Sender} that serializes keys and values with its own serializers, made by {@link
 * Sender#typed}. Sends carry the guarantees of the sender they go through. Thread-safe if the
 * serializers are.
 */
public final class TypedSender<K, V> {
  private final Sender sender;
  private final Serializer<K> keySerializer;
  private final Serializer<V> valueSerializer;

  TypedSender(Sender sender, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
    this.sender = sender;
    this.keySerializer = keySerializer;
    this.valueSerializer = valueSerializer;
  }

  /**
   * Sends {@code key} and {@code value} to {@code topic}; the producer picks the partition. The
   * future completes on the producer's I/O thread (see {@link Sender#send}).
   */
  public CompletableFuture<RecordMetadata> send(String topic, K key, V value) {
    return send(new ProducerRecord<>(Objects.requireNonNull(topic, "topic"), key, value));
  }

  /**
   * Sends {@code record}, serialized with this sender's serializers (which also see its headers). A
   * serializer's exception is thrown here, and is the handling's error like any. The future
   * completes on the producer's I/O thread (see {@link Sender#send}).
   */
  public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
    Objects.requireNonNull(record, "record");
    byte[] key = keySerializer.serialize(record.topic(), record.headers(), record.key());
    byte[] value = valueSerializer.serialize(record.topic(), record.headers(), record.value());
    return sender.send(
        new ProducerRecord<>(
            record.topic(), record.partition(), record.timestamp(), key, value, record.headers()));
  }
}
