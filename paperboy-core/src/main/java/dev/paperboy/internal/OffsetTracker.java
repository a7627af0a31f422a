package dev.paperboy.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides which offsets may be committed: per partition, the offset after the last record that was
 * handled (or deliberately skipped) with every record before it in that partition handled too.
 *
 * <p>It takes acknowledgements and commit results and answers "what may be committed now"; it does
 * no I/O, owns no thread and reads no clock, so every rule is unit-tested. Acknowledgements are
 * cumulative: partition lanes handle records strictly in offset order, so "handled up to N" means
 * every record before N was handled. The rules that keep commits from running ahead of processing
 * or going backwards:
 *
 * <ul>
 *   <li>a committable offset never decreases (a stale or repeated acknowledgement changes nothing);
 *   <li>only partitions currently assigned are tracked: an acknowledgement for a revoked partition,
 *       from a handler that finished after the revocation, is ignored;
 *   <li>an offset is offered again until a commit of it succeeded, and one in flight is not offered
 *       twice.
 * </ul>
 *
 * <p>A partition handled by key or in any order may have finished records above its committable
 * offset; {@link #completedAbove} tells the tracker where to read them, and commits carry them as
 * metadata ({@link CompletedOffsets}). A change in them alone makes a partition worth committing.
 *
 * <p>Used by the poll thread only; not thread-safe.
 */
final class OffsetTracker {
  private final Map<TopicPartition, PartitionOffsets> partitions = new HashMap<>();

  /** Starts tracking newly assigned partitions; nothing of them is committable yet. */
  void assigned(Collection<TopicPartition> assigned) {
    for (TopicPartition tp : assigned) {
      partitions.putIfAbsent(tp, new PartitionOffsets());
    }
  }

  /**
   * Stops tracking partitions given up in a rebalance; later acknowledgements for them are ignored.
   */
  void revoked(Collection<TopicPartition> revoked) {
    for (TopicPartition tp : revoked) {
      partitions.remove(tp);
    }
  }

  /**
   * Where to read the records of {@code partition} finished above a committable offset: the
   * function gets the offset and returns the commit metadata describing them ("" for none).
   */
  void completedAbove(TopicPartition partition, LongFunction<String> completedAbove) {
    PartitionOffsets offsets = partitions.get(partition);
    if (offsets != null) {
      offsets.completedAbove = completedAbove;
    }
  }

  /**
   * Records that every record of {@code partition} before {@code nextOffset} is handled. Ignored
   * for an untracked partition and when it would move the partition backwards.
   */
  void handled(TopicPartition partition, long nextOffset) {
    PartitionOffsets offsets = partitions.get(partition);
    if (offsets != null && nextOffset > offsets.handled) {
      offsets.handled = nextOffset;
    }
  }

  /** The offset after the last handled record of {@code partition}, or -1 if none is known. */
  long handledOffset(TopicPartition partition) {
    PartitionOffsets offsets = partitions.get(partition);
    return offsets == null ? -1 : offsets.handled;
  }

  /**
   * The offsets to commit now: partitions whose handled offset moved past what was last sent. Empty
   * when there is nothing new.
   */
  Map<TopicPartition, OffsetAndMetadata> committable() {
    Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
    partitions.forEach(
        (tp, offsets) -> {
          if (offsets.handled >= 0) {
            OffsetAndMetadata commit = offsets.commit();
            if (commit.offset() > offsets.sent
                || (commit.offset() == offsets.sent
                    && !commit.metadata().equals(offsets.sentMetadata))) {
              result.put(tp, commit);
            }
          }
        });
    return result;
  }

  /**
   * The offsets to commit before {@code only} are given up or the engine stops: partitions whose
   * handled offset moved past what the coordinator <em>acknowledged</em>. Unlike {@link
   * #committable()} this includes offsets carried by a commit still in flight: that commit may yet
   * fail, and after this point nothing would send it again.
   */
  Map<TopicPartition, OffsetAndMetadata> unacknowledged(Collection<TopicPartition> only) {
    Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
    for (TopicPartition tp : only) {
      PartitionOffsets offsets = partitions.get(tp);
      if (offsets != null && offsets.handled >= 0) {
        OffsetAndMetadata commit = offsets.commit();
        if (commit.offset() > offsets.committed
            || (commit.offset() == offsets.committed
                && !commit.metadata().equals(offsets.committedMetadata))) {
          result.put(tp, commit);
        }
      }
    }
    return result;
  }

  /** {@link #unacknowledged(Collection)} over every tracked partition, for the final commit. */
  Map<TopicPartition, OffsetAndMetadata> unacknowledged() {
    return unacknowledged(partitions.keySet());
  }

  /** A commit of {@code offsets} was sent; they are not offered again unless it fails. */
  void commitSent(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach(
        (tp, om) -> {
          PartitionOffsets po = partitions.get(tp);
          if (po != null && om.offset() >= po.sent) {
            po.sent = om.offset();
            po.sentMetadata = om.metadata();
          }
        });
  }

  /** The coordinator acknowledged {@code offsets}. */
  void commitSucceeded(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach(
        (tp, om) -> {
          PartitionOffsets po = partitions.get(tp);
          if (po != null && om.offset() >= po.committed) {
            po.committed = om.offset();
            po.committedMetadata = om.metadata();
          }
        });
  }

  /**
   * A commit of {@code offsets} failed: they become committable again, unless a later commit
   * already covers them.
   */
  void commitFailed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach(
        (tp, om) -> {
          PartitionOffsets po = partitions.get(tp);
          if (po != null && po.sent == om.offset() && po.sentMetadata.equals(om.metadata())) {
            po.sent = po.committed;
            po.sentMetadata = po.committedMetadata;
          }
        });
  }

  /** The last offset the coordinator acknowledged for {@code partition}, or -1. */
  long committedOffset(TopicPartition partition) {
    PartitionOffsets offsets = partitions.get(partition);
    return offsets == null ? -1 : offsets.committed;
  }

  private static final class PartitionOffsets {
    long handled = -1;
    long sent = -1;
    long committed = -1;
    String sentMetadata = "";
    String committedMetadata = "";
    LongFunction<String> completedAbove = offset -> "";

    /** The commit of what is handled now, with the records finished above it. */
    OffsetAndMetadata commit() {
      return new OffsetAndMetadata(handled, completedAbove.apply(handled));
    }
  }
}
