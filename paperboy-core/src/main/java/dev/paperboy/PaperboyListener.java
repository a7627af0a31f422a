package dev.paperboy;

import dev.paperboy.table.TableStatus;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Observes an engine: state and mode changes, rebalances, handled and failed records, commits.
 * Every method is a no-op by default, so an implementation overrides only what it needs; metrics
 * and health adapters are built on it.
 *
 * <p>Methods must be fast and must not block: most are called on the poll thread, which owns the
 * Kafka consumer; {@link #onRecordsHandled}, {@link #onHandlingFailed}, {@link #onRetry}, {@link
 * #onDeadLettered} and {@link #onPoisonPill} are called on handler threads, possibly at the same
 * time for different partitions; a table's methods on its reader thread, except a table record's
 * {@link #onPoisonPill}, which comes from the thread that applies what the reader read, possibly at
 * the same time as the reader's calls. An exception thrown by a listener is logged and otherwise
 * ignored.
 */
public interface PaperboyListener {
  /** A listener that does nothing. */
  PaperboyListener NONE = new PaperboyListener() {};

  /**
   * The engine moved from one state to the next; every move is reported, once. {@code start()}
   * moves it from {@code CREATED} to {@code STARTING} once the configuration passed its checks
   * (before the tables restore, so a long restore is visible as {@code STARTING}), or to {@code
   * FAILED} if they refuse it (or to {@code STOPPED} if {@code stop()} came first). Called on the
   * thread that runs {@code start()}.
   */
  default void onStateChanged(EngineState from, EngineState to) {}

  /**
   * The engine switched between single and bulk mode; {@code lag} is the number of unhandled
   * records that made it switch (see the README's section on lag).
   */
  default void onModeSwitched(ConsumptionMode from, ConsumptionMode to, long lag) {}

  /** The group gave the engine these partitions (possibly none, on joining). */
  default void onPartitionsAssigned(Collection<TopicPartition> partitions) {}

  /**
   * The engine gave these partitions up in a rebalance, after committing what it handled of them.
   */
  default void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

  /**
   * The engine lost these partitions without the chance to commit (for example a missed session).
   */
  default void onPartitionsLost(Collection<TopicPartition> partitions) {}

  /**
   * A handler finished {@code count} records of one partition (a batch, or a run of single records)
   * in {@code durationNanos}: the records handled, and those it moved past after they failed for
   * good (dead-lettered or skipped) or could not be deserialized. Called on a handler thread.
   */
  default void onRecordsHandled(TopicPartition partition, int count, long durationNanos) {}

  /**
   * A record failed for good with {@code error}: its retries are used up, or the retry policy does
   * not retry this error. Called once per such record (a failed batch is first narrowed to the
   * records that fail on their own), when its fate is known: {@code fatal} is true exactly when the
   * failure stops the engine ({@code failOnException(true)} without a dead-letter topic, or a
   * dead-letter write that failed under it); otherwise the record was dead-lettered, or skipped
   * under {@code failOnException(false)}. Called on a handler thread.
   */
  default void onHandlingFailed(
      List<? extends ConsumerRecord<?, ?>> records, Exception error, boolean fatal) {}

  /**
   * A handling failed and is tried again after {@code backoffMs}; {@code attempt} is the number of
   * the attempt that failed, counted from 1. Called on a handler thread.
   */
  default void onRetry(
      List<? extends ConsumerRecord<?, ?>> records, int attempt, Exception error, long backoffMs) {}

  /**
   * Records that failed for good were written to the dead-letter topic {@code deadLetterTopic} and
   * acknowledged by the broker; their offsets may now be committed. Called on a handler thread.
   */
  default void onDeadLettered(
      List<? extends ConsumerRecord<?, ?>> records, String deadLetterTopic, Exception error) {}

  /**
   * The consumer could not deserialize a record. Reported at most once per delivery, when a handler
   * thread of its partition reaches it (under {@code Ordering.PARTITION}, after the records before
   * it were handled) and knows how it ends; not at all when the engine stops or the partition is
   * revoked first (it is delivered again, and reported by whoever handles it then): {@code fatal}
   * is true when the engine stops on it (no dead-letter policy under {@code failOnException(true)},
   * or a failed dead-letter write under it); otherwise it was dead-lettered or skipped, or its
   * dead-letter write failed and is retried. For a table's record: on the table's apply thread
   * ({@code paperboy-table-<topic>-apply}), never fatal (it is skipped).
   */
  default void onPoisonPill(PoisonPill pill, boolean fatal) {}

  /**
   * The engine found a problem that keeps it from consuming (the cluster does not answer, a topic
   * does not exist, a table does not restore), or {@code problem} is null because the last one went
   * away. Poll thread, or a table's reader thread for a table's problem.
   */
  default void onProblem(String problem) {}

  /** The group coordinator acknowledged a commit of these offsets. */
  default void onCommitted(Map<TopicPartition, OffsetAndMetadata> offsets) {}

  /** A commit failed; the offsets stay committable and are sent again with the next commit. */
  default void onCommitFailed(Map<TopicPartition, OffsetAndMetadata> offsets, Exception error) {}

  /**
   * Step {@code step} (counted from 0) of {@code steps} has caught up with the end offsets it saw
   * when it began; the next step, or normal consumption, starts now.
   */
  default void onStepCompleted(int step, int steps) {}

  /**
   * A table began restoring, or made progress ({@code status} says how far): called when the
   * restore begins and then every few seconds until it is done. Called on the table's reader
   * thread.
   */
  default void onTableRestoring(TableStatus status) {}

  /**
   * A table finished restoring in {@code durationMs}; handlers start once every table did. Called
   * on the table's reader thread.
   */
  default void onTableRestored(TableStatus status, long durationMs) {}
}
