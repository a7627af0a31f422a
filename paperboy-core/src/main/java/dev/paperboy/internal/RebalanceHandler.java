package dev.paperboy.internal;

import dev.paperboy.PaperboyListener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps lanes, offsets, the batch being collected and pauses in step with the partitions the group
 * gives and takes. Runs on the poll thread, inside {@code poll}.
 *
 * <p>Before a partition is given up, its lane drops the work not started, the handler finishes the
 * record or batch it is in (bounded by the revocation timeout), and what was handled is committed
 * synchronously: a graceful rebalance redelivers nothing. A lost partition (the session expired)
 * cannot be committed any more; its lane is abandoned.
 */
final class RebalanceHandler<K, V> implements ConsumerRebalanceListener {
  private static final Logger log = LoggerFactory.getLogger(RebalanceHandler.class);

  private final Consumer<K, V> consumer;
  private final Lanes<K, V> lanes;
  private final OffsetTracker tracker;
  private final Committer committer;
  private final java.util.function.Consumer<Collection<TopicPartition>> dropCollected;
  private final StepPlan steps;
  private final PaperboyListener listener;
  private final long revokeTimeoutNanos;
  private final LongSupplier nanoClock;
  private final Runnable harvest;
  private final Runnable joined;

  RebalanceHandler(
      Consumer<K, V> consumer,
      Lanes<K, V> lanes,
      OffsetTracker tracker,
      Committer committer,
      java.util.function.Consumer<Collection<TopicPartition>> dropCollected,
      StepPlan steps,
      PaperboyListener listener,
      long revokeTimeoutNanos,
      LongSupplier nanoClock,
      Runnable harvest,
      Runnable joined) {
    this.consumer = consumer;
    this.lanes = lanes;
    this.tracker = tracker;
    this.committer = committer;
    this.dropCollected = dropCollected;
    this.steps = steps;
    this.listener = listener;
    this.revokeTimeoutNanos = revokeTimeoutNanos;
    this.nanoClock = nanoClock;
    this.harvest = harvest;
    this.joined = joined;
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    lanes.open(partitions);
    tracker.assigned(partitions);
    List<TopicPartition> held = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      if (!steps.consumes(tp.topic())) {
        held.add(tp);
        lanes.get(tp).paused = true;
      }
    }
    if (!held.isEmpty()) {
      consumer.pause(held);
    }
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
      List<TopicPartition> late = lanes.closeAndAwait(partitions, revokeTimeoutNanos);
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
    forget(partitions);
    log.info("Revoked partitions {}", partitions);
    listener.onPartitionsRevoked(partitions);
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    dropCollected.accept(partitions);
    forget(partitions);
    log.warn(
        "Lost partitions {} without a commit; records in progress will be delivered again",
        partitions);
    listener.onPartitionsLost(partitions);
  }

  private void forget(Collection<TopicPartition> partitions) {
    lanes.remove(partitions);
    tracker.revoked(partitions);
    steps.forget(partitions);
  }
}
