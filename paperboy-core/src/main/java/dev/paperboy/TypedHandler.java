package dev.paperboy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A handler with its own key and value deserializers, for an engine that consumes raw bytes: one
 * engine can then consume topics of different types, each handler reading its own.
 *
 * <pre>{@code
 * PaperboyEngine<byte[], byte[]> engine = PaperboyEngine.builder()
 *     .config(config)
 *     .handler(TypedHandler.of(new UserHandler(), new StringDeserializer(), JsonDeserializer.of(User.class)))
 *     .handler(TypedHandler.of(new OrderHandler(), new StringDeserializer(), new StringDeserializer()))
 *     .build();
 * }</pre>
 *
 * <p>The engine deserializes each record on the handler thread just before its hooks run, so a
 * record that cannot be read is an error of that record only: it goes through the engine's error
 * policy (dead-lettered with its original bytes, skipped, or stopping the engine by {@code
 * failOnException}) while the partition's other records are handled. The wrapped handler's hooks
 * see typed records; in bulk mode a {@link PaperboyBulkHandler} gets its batches typed. A batch
 * holding a record that cannot be read fails as a whole before {@code onBulk} is called, and its
 * records are then handled one by one (through {@code onMessage}), so only the unreadable record
 * takes the error path.
 *
 * <p>The engine's consumer must deliver bytes ({@code ByteArrayDeserializer}, which {@link
 * PaperboyEngine#builder()} sets). The deserializers are used as given: configure them first.
 */
public final class TypedHandler<K, V> extends PaperboyBulkHandler<byte[], byte[]> {
  private final PaperboyHandler<K, V> handler;
  private final Deserializer<K> keyDeserializer;
  private final Deserializer<V> valueDeserializer;

  private TypedHandler(
      PaperboyHandler<K, V> handler,
      Deserializer<K> keyDeserializer,
      Deserializer<V> valueDeserializer) {
    this.handler = Objects.requireNonNull(handler, "handler");
    this.keyDeserializer = Objects.requireNonNull(keyDeserializer, "keyDeserializer");
    this.valueDeserializer = Objects.requireNonNull(valueDeserializer, "valueDeserializer");
  }

  /** {@code handler}, reading keys and values with the given deserializers. */
  public static <K, V> TypedHandler<K, V> of(
      PaperboyHandler<K, V> handler,
      Deserializer<K> keyDeserializer,
      Deserializer<V> valueDeserializer) {
    return new TypedHandler<>(handler, keyDeserializer, valueDeserializer);
  }

  /** The wrapped handler. */
  public PaperboyHandler<K, V> handler() {
    return handler;
  }

  /**
   * The record with its key and value deserialized; a tombstone stays a tombstone.
   *
   * @throws RuntimeException whatever a deserializer threw
   */
  public ConsumerRecord<K, V> deserialize(ConsumerRecord<byte[], byte[]> raw) {
    K key = keyDeserializer.deserialize(raw.topic(), raw.headers(), raw.key());
    V value =
        raw.value() == null
            ? null
            : valueDeserializer.deserialize(raw.topic(), raw.headers(), raw.value());
    return new ConsumerRecord<>(
        raw.topic(),
        raw.partition(),
        raw.offset(),
        raw.timestamp(),
        raw.timestampType(),
        raw.serializedKeySize(),
        raw.serializedValueSize(),
        key,
        value,
        raw.headers(),
        raw.leaderEpoch());
  }

  @Override
  public String topic() {
    return handler.topic();
  }

  @Override
  public String deadLetterTopic() {
    return handler.deadLetterTopic();
  }

  @Override
  public Context defineContext() {
    return handler.defineContext();
  }

  /** Deserializes and passes the record to the wrapped handler's hooks, outside an engine. */
  @Override
  public void onMessage(ConsumerRecord<byte[], byte[]> msg, Context ctx) throws Exception {
    dispatch(deserialize(msg), ctx);
  }

  @Override
  public void onTombstone(ConsumerRecord<byte[], byte[]> msg, Context ctx) throws Exception {
    onMessage(msg, ctx);
  }

  /** Deserializes the batch and hands it to the wrapped handler, outside an engine. */
  @Override
  public void onBulk(List<ConsumerRecord<byte[], byte[]>> msgs, Context ctx) throws Exception {
    List<ConsumerRecord<K, V>> typed = new ArrayList<>(msgs.size());
    for (ConsumerRecord<byte[], byte[]> msg : msgs) {
      typed.add(deserialize(msg));
    }
    if (handler instanceof PaperboyBulkHandler) {
      ((PaperboyBulkHandler<K, V>) handler).onBulk(typed, ctx);
    } else {
      for (ConsumerRecord<K, V> record : typed) {
        dispatch(record, ctx);
      }
    }
  }

  private void dispatch(ConsumerRecord<K, V> record, Context ctx) throws Exception {
    ConsumerRecord<K, V> received = handler.didReceiveMessage(record, ctx);
    if (received != null) {
      if (received.value() == null) {
        handler.onTombstone(received, ctx);
      } else {
        handler.onMessage(received, ctx);
      }
    }
  }

  @Override
  public String toString() {
    return "TypedHandler[" + handler + "]";
  }
}
