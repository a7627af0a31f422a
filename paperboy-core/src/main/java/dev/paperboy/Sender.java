package dev.paperboy;

import dev.paperboy.internal.HandlingScope;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Sends records to any topic through the producer of the engine it is registered with ({@link
 * EngineBuilder#sender(Sender)}, or {@link PaperboyEngine#sender()} in a subclass). Create it
 * before the engine, hand it to the handlers that send, and register it: the engine binds it to its
 * producer at {@code start()} and unbinds it on shutdown, after the handlers finished.
 *
 * <pre>{@code
 * Sender sender = Sender.create();
 * TypedSender<String, String> out = sender.typed(new StringSerializer(), new StringSerializer());
 * engine = PaperboyEngine.builder(...).sender(sender)
 *     .handler("orders", (msg, ctx) -> out.send("orders-enriched", msg.key(), enrich(msg.value())))
 *     .build();
 * }</pre>
 *
 * <p><b>Guarantee</b>: a send made by a handler while it handles a record or batch is part of that
 * handling. The record's offset is committed only after every send it made was acknowledged by the
 * broker ({@code acks=all} unless overridden), and a failed send is the record's error: retried,
 * dead-lettered or fatal, as the options say. The output is at-least-once: after a crash, a handler
 * sends again what it sent for records handled since the last commit. The cost: a handling is done
 * only once its sends are acknowledged (the wait happens after the handler returns, bounded by the
 * producer's {@code delivery.timeout.ms}). A send from any other thread is a plain send, tied to
 * nothing. Thread-safe.
 */
public final class Sender {
  private final AtomicBoolean claimed = new AtomicBoolean();
  private volatile Bound bound;

  private Sender() {}

  /** A sender not yet bound to an engine. */
  public static Sender create() {
    return new Sender();
  }

  /**
   * A view of this sender that serializes keys and values with these serializers (a {@code null}
   * key or value is sent as {@code null}).
   */
  public <K, V> TypedSender<K, V> typed(
      Serializer<K> keySerializer, Serializer<V> valueSerializer) {
    return new TypedSender<>(
        this,
        Objects.requireNonNull(keySerializer, "keySerializer"),
        Objects.requireNonNull(valueSerializer, "valueSerializer"));
  }

  /**
   * Sends a record of bytes; the future completes when the broker acknowledged it. See the class
   * comment for what a send made while handling guarantees.
   *
   * <p>The future completes on the producer's I/O thread, which serves every send of the engine: a
   * stage chained to it without an executor ({@code thenApply}, {@code whenComplete}) runs there
   * and must not block; give blocking follow-up work an executor of its own ({@code
   * thenApplyAsync(fn, executor)}).
   *
   * @throws IllegalStateException if no running engine bound this sender
   */
  public CompletableFuture<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
    Objects.requireNonNull(record, "record");
    Bound current = bound;
    if (current == null) {
      throw new IllegalStateException(
          "this Sender is not bound to a running engine: register it (EngineBuilder.sender, or"
              + " override PaperboyEngine.sender()) and send after start(), before shutdown");
    }
    CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
    current.producer.send(
        record,
        (metadata, error) -> {
          if (error != null) {
            ack.completeExceptionally(error);
          } else {
            ack.complete(metadata);
          }
        });
    HandlingScope.track(ack, current.maxWaitMs);
    return ack;
  }

  /** Binds this sender to its engine's producer; once per sender. */
  void bind(Producer<byte[], byte[]> producer, long maxWaitMs) {
    if (!claimed.compareAndSet(false, true)) {
      throw new PaperboyException(
          "this Sender was registered with an engine before: a sender serves one engine; create a"
              + " new one for each engine");
    }
    bound = new Bound(producer, maxWaitMs);
  }

  /** The engine shut down: sends fail from now on. */
  void unbind() {
    bound = null;
  }

  private record Bound(Producer<byte[], byte[]> producer, long maxWaitMs) {}
}
