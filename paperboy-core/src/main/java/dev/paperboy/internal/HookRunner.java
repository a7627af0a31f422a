package dev.paperboy.internal;

import dev.paperboy.Context;
import dev.paperboy.PaperboyBulkHandler;
import dev.paperboy.PaperboyHandler;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Calls a handler's hooks in the documented order and reduces whatever they throw to one result:
 * {@code null} when the handling counts as done, or the handling's error. Knows nothing of error
 * policy, retries or threads.
 */
final class HookRunner {
  private HookRunner() {}

  /**
   * One record on its own: {@code defineContext}, {@code didReceiveMessage}, {@code onMessage} or
   * {@code onTombstone}, {@code onError} if any threw, then {@code onFinishHandling}.
   */
  static <K, V> Exception runRecord(PaperboyHandler<K, V> handler, ConsumerRecord<K, V> record) {
    Context ctx;
    try {
      ctx = defineContext(handler);
    } catch (Exception e) {
      ctx = new Context();
      return finish(handler, List.of(record), ctx, onError(handler, e, record, ctx));
    }
    return finish(handler, List.of(record), ctx, runInContext(handler, record, ctx));
  }

  /**
   * One record inside a batch of a plain handler: {@code didReceiveMessage}, {@code onMessage} or
   * {@code onTombstone}, {@code onError} if any threw. The caller owns the context and calls {@link
   * #finish} once for the batch.
   */
  static <K, V> Exception runInContext(
      PaperboyHandler<K, V> handler, ConsumerRecord<K, V> record, Context ctx) {
    try {
      ConsumerRecord<K, V> received = handler.didReceiveMessage(record, ctx);
      if (received != null) {
        if (received.value() == null) {
          handler.onTombstone(received, ctx);
        } else {
          handler.onMessage(received, ctx);
        }
      }
      return null;
    } catch (Exception e) {
      return onError(handler, e, record, ctx);
    }
  }

  /**
   * A batch of a bulk handler: {@code didReceiveBulkMessages}, {@code onBulk} (unless the batch
   * became empty), {@code onBulkError} if any threw. The caller calls {@link #finish}.
   */
  static <K, V> Exception runBulk(
      PaperboyBulkHandler<K, V> handler, List<ConsumerRecord<K, V>> batch, Context ctx) {
    try {
      List<ConsumerRecord<K, V>> received = handler.didReceiveBulkMessages(batch, ctx);
      if (received != null && !received.isEmpty()) {
        handler.onBulk(received, ctx);
      }
      return null;
    } catch (Exception e) {
      try {
        return handler.onBulkError(e, batch, ctx);
      } catch (Exception thrown) {
        return withSuppressed(thrown, e);
      }
    }
  }

  /** The handler's context, or an empty one where it returned {@code null}. */
  static <K, V> Context defineContext(PaperboyHandler<K, V> handler) {
    Context ctx = handler.defineContext();
    return ctx == null ? new Context() : ctx;
  }

  /**
   * Calls {@code onFinishHandling} and returns the handling's error: {@code error}, or what the
   * hook threw when there was none (added as suppressed when there was).
   */
  static <K, V> Exception finish(
      PaperboyHandler<K, V> handler,
      List<ConsumerRecord<K, V>> records,
      Context ctx,
      Exception error) {
    try {
      handler.onFinishHandling(records, ctx);
    } catch (Exception e) {
      return error == null ? e : withSuppressed(error, e);
    }
    return error;
  }

  private static <K, V> Exception onError(
      PaperboyHandler<K, V> handler, Exception e, ConsumerRecord<K, V> record, Context ctx) {
    try {
      return handler.onError(e, record, ctx);
    } catch (Exception thrown) {
      return withSuppressed(thrown, e);
    }
  }

  private static Exception withSuppressed(Exception main, Exception other) {
    if (main != other) {
      main.addSuppressed(other);
    }
    return main;
  }
}
