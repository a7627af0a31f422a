package dev.paperboy.internal;

import dev.paperboy.PaperboyListener;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the engine's {@link Partitions} and the batch being collected in step with the partitions
 * the group gives and takes. Runs on the poll thread, inside {@code poll}.
 *
 * <p>Before a partition is given up, its lane drops the work not started, the handler finishes the
 * step it is in (bounded by the revocation timeout), and everything handled that the group has not
 * acknowledged is committed synchronously: a graceful rebalance redelivers nothing. A lost
 * partition (the session expired) cannot be committed any more; its lane is abandoned.
 */
final class RebalanceHandler<K, V> implements ConsumerRebalanceListener {
  private static final Logger log = LoggerFactory.getLogger(RebalanceHandler.class);

  private final Partitions<K, V> owned;
  private final Committer committer;
  private final Consumer<Collection<TopicPartition>> dropCollected;
  private final PaperboyListener listener;
  private final long revokeTimeoutNanos;
  private final LongSupplier nanoClock;
  private final Runnable harvest;
  private final Runnable joined;

  RebalanceHandler(
      Partitions<K, V> owned,
      Committer committer,
      Consumer<Collection<TopicPartition>> dropCollected,
      PaperboyListener listener,
      long revokeTimeoutNanos,
      LongSupplier nanoClock,
      Runnable harvest,
      Runnable joined) {
    this.owned = owned;
    this.committer = committer;
    this.dropCollected = dropCollected;
    this.listener = listener;
    this.revokeTimeoutNanos = revokeTimeoutNanos;
    this.nanoClock = nanoClock;
    this.harvest = harvest;
    this.joined = joined;
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    owned.assign(partitions);
    joined.run();
    log.info("Assigned partitions {}", partitions);
    listener.onPartitionsAssigned(partitions);
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    long deadline = nanoClock.getAsLong() + revokeTimeoutNanos;
    boolean interrupted = false;
    dropCollected.accept(partitions);
    try {
      List<TopicPartition> late = owned.closeAndAwait(partitions, revokeTimeoutNanos);
      if (!late.isEmpty()) {
        log.warn(
            "Handlers of revoked {} did not finish in time; what they were handling is not"
                + " committed and will be delivered again to the partitions' next owner",
            late);
      }
    } catch (InterruptedException e) {
      interrupted = true; // the poll loop stops once the commit is made and the flag set again
    }
    harvest.run();
    committer.commitBeforeRevocation(partitions, deadline);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    owned.revoke(partitions);
    log.info("Revoked partitions {}", partitions);
    listener.onPartitionsRevoked(partitions);
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    dropCollected.accept(partitions);
    owned.revoke(partitions);
    log.warn(
        "Lost partitions {} without a commit; records in progress will be delivered again",
        partitions);
    listener.onPartitionsLost(partitions);
  }
}
