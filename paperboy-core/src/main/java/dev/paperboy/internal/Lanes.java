package dev.paperboy.internal;

import dev.paperboy.PaperboyListener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The partition lanes of the partitions this engine owns, one per assigned partition. Created on
 * assignment, closed on revocation or shutdown. Poll thread only.
 */
final class Lanes<K, V> {
  private final Map<TopicPartition, PartitionLane<K, V>> lanes = new HashMap<>();
  private final Map<String, Route<K, V>> routes;
  private final Executor executor;
  private final WorkProcessor<K, V> processor;
  private final RetryTimer timer;
  private final PaperboyListener listener;
  private final Runnable wakeUp;
  private final LongSupplier nanoClock;

  /** Lanes whose records go to the route of their topic in {@code routes}. */
  Lanes(
      Map<String, Route<K, V>> routes,
      Executor executor,
      WorkProcessor<K, V> processor,
      RetryTimer timer,
      PaperboyListener listener,
      Runnable wakeUp,
      LongSupplier nanoClock) {
    this.routes = routes;
    this.executor = executor;
    this.processor = processor;
    this.timer = timer;
    this.listener = listener;
    this.wakeUp = wakeUp;
    this.nanoClock = nanoClock;
  }

  void open(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      lanes.computeIfAbsent(tp, this::lane);
    }
  }

  private PartitionLane<K, V> lane(TopicPartition partition) {
    Route<K, V> route = routes.get(partition.topic());
    if (route == null) {
      // The engine subscribes to its handlers' topics only; reaching here is an engine bug.
      throw new IllegalStateException("no handler for topic " + partition.topic());
    }
    return new PartitionLane<>(
        partition, route, executor, processor, timer, listener, wakeUp, nanoClock);
  }

  /** The lane of {@code partition}, or null if this engine does not own it. */
  PartitionLane<K, V> get(TopicPartition partition) {
    return lanes.get(partition);
  }

  Collection<PartitionLane<K, V>> all() {
    return lanes.values();
  }

  /**
   * Closes the lanes of {@code partitions} and waits, at most {@code timeoutNanos} in all, until
   * their handlers finished what they were in. Returns the partitions whose handler did not finish
   * in time. The lanes stay registered until {@link #remove}, so their progress can be read.
   */
  List<TopicPartition> closeAndAwait(Collection<TopicPartition> partitions, long timeoutNanos)
      throws InterruptedException {
    List<PartitionLane<K, V>> closing = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      PartitionLane<K, V> lane = lanes.get(tp);
      if (lane != null) {
        lane.close();
        closing.add(lane);
      }
    }
    long deadline = System.nanoTime() + timeoutNanos;
    List<TopicPartition> late = new ArrayList<>();
    for (PartitionLane<K, V> lane : closing) {
      if (!lane.awaitIdle(Math.max(0, deadline - System.nanoTime()))) {
        late.add(lane.partition());
      }
    }
    return late;
  }

  void remove(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      PartitionLane<K, V> lane = lanes.remove(tp);
      if (lane != null) {
        lane.close();
      }
    }
  }

  /**
   * Feeds every lane's progress to the tracker and returns the first failure, if any lane failed.
   */
  LaneFailure harvest(OffsetTracker tracker) {
    LaneFailure failure = null;
    for (PartitionLane<K, V> lane : lanes.values()) {
      long handled = lane.handledOffset();
      if (handled >= 0) {
        tracker.handled(lane.partition(), handled);
      }
      if (failure == null) {
        failure = lane.failure();
      }
    }
    return failure;
  }

  /**
   * The consumer lag of the owned partitions, summed: for each, its high watermark minus its fetch
   * position, as the client knows them from its last fetch ({@code Consumer.currentLag}, no broker
   * request). {@link FetchLag#complete()} is false while the client does not know every owned
   * partition's high watermark yet; the sum then covers the partitions it knows.
   */
  FetchLag fetchLag(Consumer<K, V> consumer) {
    long lag = 0;
    List<TopicPartition> unknown = new ArrayList<>(0);
    for (PartitionLane<K, V> lane : lanes.values()) {
      OptionalLong partitionLag = consumer.currentLag(lane.partition());
      if (partitionLag.isPresent()) {
        lag += partitionLag.getAsLong();
      } else {
        unknown.add(lane.partition());
      }
    }
    return new FetchLag(lag, !lanes.isEmpty() && unknown.isEmpty(), unknown);
  }

  /** Records handed to the lanes and not finished yet, summed over the lanes. */
  long pending() {
    long pending = 0;
    for (PartitionLane<K, V> lane : lanes.values()) {
      pending += lane.pending();
    }
    return pending;
  }

  /**
   * What {@link #fetchLag} found: the summed lag, whether every owned partition counted, and the
   * partitions whose lag the client does not know yet.
   */
  record FetchLag(long records, boolean complete, List<TopicPartition> unknown) {}
}
