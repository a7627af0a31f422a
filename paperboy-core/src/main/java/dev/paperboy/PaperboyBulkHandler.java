package dev.paperboy;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A handler with a batch path. In bulk mode it gets each batch of one topic-partition at once:
 *
 * <ol>
 *   <li>{@link #defineContext()}: one context for the batch;
 *   <li>{@link #didReceiveBulkMessages}: inspect, filter or replace the batch;
 *   <li>{@link #onBulk} with the batch (not called when the batch became empty);
 *   <li>{@link #onBulkError} if any of the hooks above threw;
 *   <li>{@link #onFinishHandling}, always, with the batch as received.
 * </ol>
 *
 * <p>In single mode it is handled record by record through {@link #onMessage}, like any handler, so
 * both paths must be implemented. A batch holds records of one partition in offset order; batches
 * of different partitions may run at the same time on different threads.
 *
 * <p>When a batch fails (its error is not swallowed by {@link #onBulkError}), the engine does not
 * retry the batch: it handles the batch's records again one by one through {@link #onMessage}, each
 * with its own context, retries and error policy, so only the records that fail on their own are
 * retried, dead-lettered or skipped. {@code onMessage} must therefore tolerate records that {@code
 * onBulk} already saw.
 */
public abstract class PaperboyBulkHandler<K, V> extends PaperboyHandler<K, V> {
  /** For subclasses. */
  protected PaperboyBulkHandler() {}

  /**
   * Called first with each batch; returns the batch {@link #onBulk} gets. The default returns
   * {@code msgs}. Returning {@code null} or an empty list skips the batch, which counts as handled.
   */
  public List<ConsumerRecord<K, V>> didReceiveBulkMessages(
      List<ConsumerRecord<K, V>> msgs, Context ctx) {
    return msgs;
  }

  /**
   * Handles one batch: records of one topic-partition, in offset order, tombstones included. An
   * exception goes to {@link #onBulkError}.
   *
   * @throws Exception anything the handling failed with
   */
  public abstract void onBulk(List<ConsumerRecord<K, V>> msgs, Context ctx) throws Exception;

  /**
   * Decides what an exception thrown while handling a batch means: return it (or another) to make
   * it the batch's error, treated by {@code failOnException}; return {@code null} to swallow it, so
   * the whole batch counts as handled. The default returns {@code e}.
   */
  public Exception onBulkError(Exception e, List<ConsumerRecord<K, V>> msgs, Context ctx) {
    return e;
  }
}
