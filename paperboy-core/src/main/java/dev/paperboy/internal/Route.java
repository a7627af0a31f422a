package dev.paperboy.internal;

import dev.paperboy.PaperboyHandler;
import dev.paperboy.TypedHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where the records of one topic go: the handler whose hooks run, and, for a {@link TypedHandler},
 * the deserialization from the consumed bytes to that handler's types. The engine works with the
 * records as consumed (for commits, errors and dead letters) and hands the handler typed ones.
 */
final class Route<K, V> {
  private final PaperboyHandler<Object, Object> handler;
  private final TypedHandler<Object, Object> typed;

  @SuppressWarnings("unchecked")
  Route(PaperboyHandler<K, V> registered) {
    if (registered instanceof TypedHandler) {
      this.typed = (TypedHandler<Object, Object>) registered;
      this.handler = typed.handler();
    } else {
      this.typed = null;
      this.handler = (PaperboyHandler<Object, Object>) registered;
    }
  }

  /** The handler whose hooks run. */
  PaperboyHandler<Object, Object> handler() {
    return handler;
  }

  /**
   * The record as the handler sees it.
   *
   * @throws RuntimeException if a typed handler's deserializer cannot read it
   */
  @SuppressWarnings("unchecked")
  ConsumerRecord<Object, Object> typed(ConsumerRecord<K, V> consumed) {
    if (typed == null) {
      return (ConsumerRecord<Object, Object>) consumed;
    }
    return typed.deserialize((ConsumerRecord<byte[], byte[]>) consumed);
  }
}
