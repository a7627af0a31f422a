package dev.paperboy.internal;

import dev.paperboy.ConsumptionMode;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * How polled records reach the partition lanes in one {@link ConsumptionMode}, and when what they
 * handled is committed: record by record with timed commits ({@link SingleDispatch}), or collected
 * into batches committed as they finish ({@link BulkDispatch}). {@link ModeControl} swaps them; the
 * poll loop only calls this interface, so it has no mode branches. Poll thread only; time is passed
 * in (monotonic nanoseconds).
 */
interface Dispatch<K, V> {
  /** The mode this dispatch implements. */
  ConsumptionMode mode();

  /** Takes the records of one poll: hands them to lanes, or collects them. */
  void accept(ConsumerRecords<K, V> records, long nowNanos);

  /** Hands over what is due: a batch that is full or whose time is up. */
  void handOverDue(long nowNanos);

  /** Hands over everything collected, at once (a mode switch, a poison pill, a step's end). */
  void flush(long nowNanos);

  /** Records collected and not handed over yet. */
  int collected();

  /** Records of {@code partition} collected and not handed over yet. */
  int collected(TopicPartition partition);

  /**
   * Forgets what was collected of partitions given up: it is delivered again to their next owner.
   */
  void drop(Collection<TopicPartition> partitions);

  /** How long the next poll may block before this dispatch has something to do. */
  long nanosUntilDue(long nowNanos);

  /** Commits what was handled, if a commit is due in this mode. */
  void commitIfDue(long nowNanos);

  /** When a partition's fetching pauses in this mode. */
  PauseLimits pauseLimits();
}
