package dev.paperboy.internal;

import dev.paperboy.PaperboyHandler;
import dev.paperboy.TypedHandler;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * The records of a batch as the handler sees them, in a list of the handler's own. Without a
   * typed handler that is one array copy, and the records are not read: the batch is handed to the
   * handler thread long after the records were polled, and going through them one by one here cost
   * a handler thread about a quarter of its time in bulk mode.
   *
   * @throws RuntimeException if a typed handler's deserializer cannot read one of them
   */
  @SuppressWarnings("unchecked")
  List<ConsumerRecord<Object, Object>> typed(List<ConsumerRecord<K, V>> consumed) {
    if (typed == null) {
      return new ArrayList<>((List<ConsumerRecord<Object, Object>>) (List<?>) consumed);
    }
    List<ConsumerRecord<Object, Object>> result = new ArrayList<>(consumed.size());
    for (ConsumerRecord<K, V> record : consumed) {
      result.add(typed(record));
    }
    return result;
  }
}
