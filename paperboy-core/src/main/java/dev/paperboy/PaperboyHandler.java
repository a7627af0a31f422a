package dev.paperboy;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Handles the records of one topic. Subclass it, name the {@link #topic()}, implement {@link
 * #onMessage} and override the other hooks where the defaults do not fit.
 *
 * <p>For each record (single mode) the engine calls, on a handler thread:
 *
 * <ol>
 *   <li>{@link #defineContext()}: a fresh {@link Context} for this handling;
 *   <li>{@link #didReceiveMessage}: inspect or replace the record, or return {@code null} to skip
 *       it;
 *   <li>{@link #onMessage}, or {@link #onTombstone} when the record's value is {@code null};
 *   <li>{@link #onError} if any of the hooks above threw;
 *   <li>{@link #onFinishHandling}, always, with the record.
 * </ol>
 *
 * <p>In bulk mode a plain handler gets the same hooks for every record of a batch, with one context
 * for the whole batch and one {@link #onFinishHandling} call with the whole batch (under {@link
 * Ordering#KEY} or {@link Ordering#UNORDERED} the batch is split by key or by record, and each part
 * gets its own context and call); a {@link PaperboyBulkHandler} gets its batch hooks instead.
 *
 * <p>Under the default {@link Ordering#PARTITION}, records of one partition are handled one after
 * the other, in offset order ({@link Ordering#KEY} keeps that order per key only); records of
 * different partitions may be handled at the same time on different threads, so a handler shared by
 * several partitions must be thread-safe. A record counts as handled (and its offset becomes
 * committable) when its hooks returned and the error, if any, was swallowed or tolerated.
 */
public abstract class PaperboyHandler<K, V> {
  /** For subclasses. */
  protected PaperboyHandler() {}

  /**
   * A handler of {@code topic} whose only hook is {@code onMessage}; tombstones go to it as well.
   * Every other hook keeps its default.
   *
   * <pre>{@code
   * PaperboyHandler<String, String> audit =
   *     PaperboyHandler.of("audit", (msg, ctx) -> log.info("{} = {}", msg.key(), msg.value()));
   * }</pre>
   */
  public static <K, V> PaperboyHandler<K, V> of(String topic, MessageHandler<K, V> onMessage) {
    java.util.Objects.requireNonNull(onMessage, "onMessage");
    return new PaperboyHandler<>() {
      @Override
      public String topic() {
        return topic;
      }

      @Override
      public void onMessage(ConsumerRecord<K, V> msg, Context ctx) throws Exception {
        onMessage.onMessage(msg, ctx);
      }

      @Override
      public void onTombstone(ConsumerRecord<K, V> msg, Context ctx) throws Exception {
        onMessage.onMessage(msg, ctx);
      }
    };
  }

  /** The topic this handler consumes. One handler per topic and engine; must not be blank. */
  public abstract String topic();

  /**
   * Creates the context of one handling (one record, or one batch in bulk mode). The default is an
   * empty {@link Context}; returning {@code null} is the same as returning an empty one.
   */
  public Context defineContext() {
    return new Context();
  }

  /**
   * Called first with each record; returns the record {@link #onMessage} gets. Override to
   * validate, enrich or filter: returning {@code null} skips the record, which then counts as
   * handled. The default returns {@code msg}.
   */
  public ConsumerRecord<K, V> didReceiveMessage(ConsumerRecord<K, V> msg, Context ctx) {
    return msg;
  }

  /**
   * Handles one record whose value is not {@code null}. An exception goes to {@link #onError}.
   *
   * @throws Exception anything the handling failed with
   */
  public abstract void onMessage(ConsumerRecord<K, V> msg, Context ctx) throws Exception;

  /**
   * Handles one tombstone: a record whose value is {@code null}, which on a compacted topic deletes
   * its key. The default does nothing, so tombstones are acknowledged and skipped.
   *
   * @throws Exception anything the handling failed with
   */
  public void onTombstone(ConsumerRecord<K, V> msg, Context ctx) throws Exception {}

  /**
   * Decides what an exception thrown while handling {@code msg} means. Return it (or another
   * exception) to make it the record's error, which the engine treats by {@code failOnException};
   * return {@code null} to swallow it, so the record counts as handled. The default returns {@code
   * e}.
   *
   * @param msg the record as it was received, before {@link #didReceiveMessage}
   */
  public Exception onError(Exception e, ConsumerRecord<K, V> msg, Context ctx) {
    return e;
  }

  /**
   * Called last, whether the handling succeeded or not: with the one record in single mode, with
   * the whole batch in bulk mode. An exception thrown here becomes the handling's error (or is
   * added as suppressed to the error already there).
   */
  public void onFinishHandling(List<ConsumerRecord<K, V>> msgs, Context ctx) {}

  /**
   * The dead-letter topic of this handler's records, used when the engine has a {@link
   * DeadLetterPolicy}. The default is {@code topic() + ".DLT"}.
   */
  public String deadLetterTopic() {
    return topic() + ".DLT";
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + topic() + "]";
  }
}
