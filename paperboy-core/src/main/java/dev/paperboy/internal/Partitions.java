package dev.paperboy.internal;

import dev.paperboy.Ordering;
import dev.paperboy.PaperboyListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions this engine owns, and all the engine keeps per partition: its lane, its offsets
 * (through the {@link OffsetTracker}), whether it is paused and why, and its step target.
 * Assignment and revocation are one call each. The poll thread is the only thread that calls it, so
 * it is the only writer of pause state, and the only caller of {@code consumer.pause/resume}.
 */
final class Partitions<K, V> {
  private static final Logger log = LoggerFactory.getLogger(Partitions.class);
  private static final Duration COMMITTED_TIMEOUT = Duration.ofSeconds(30);

  private final Map<TopicPartition, Owned<K, V>> owned = new HashMap<>();
  private final Consumer<K, V> consumer;
  private final OffsetTracker tracker;
  private final StepPlan steps;
  private final Map<String, Route<K, V>> routes;
  private final Executor executor;
  private final WorkProcessor<K, V> processor;
  private final RetryTimer timer;
  private final PaperboyListener listener;
  private final LongSupplier nanoClock;
  private final Ordering ordering;
  private final boolean commits;

  /**
   * Partitions whose records go to the route of their topic in {@code routes}, handled in {@code
   * ordering}; {@code commits} says whether this engine commits (and so may find the records it
   * completed above a commit in the commit's metadata).
   */
  Partitions(
      Consumer<K, V> consumer,
      OffsetTracker tracker,
      StepPlan steps,
      Map<String, Route<K, V>> routes,
      Executor executor,
      WorkProcessor<K, V> processor,
      RetryTimer timer,
      PaperboyListener listener,
      LongSupplier nanoClock,
      Ordering ordering,
      boolean commits) {
    this.ordering = ordering;
    this.commits = commits;
    this.consumer = consumer;
    this.tracker = tracker;
    this.steps = steps;
    this.routes = routes;
    this.executor = executor;
    this.processor = processor;
    this.timer = timer;
    this.listener = listener;
    this.nanoClock = nanoClock;
  }

  /**
   * Takes newly assigned partitions: opens their lanes, starts tracking their offsets, and holds
   * back (pauses) those whose topic a running step does not consume yet.
   */
  void assign(Collection<TopicPartition> partitions) {
    List<TopicPartition> held = new ArrayList<>();
    List<TopicPartition> opened = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      if (owned.containsKey(tp)) {
        continue;
      }
      opened.add(tp);
      owned.put(tp, new Owned<>(openLane(tp)));
      if (!steps.consumes(tp.topic())) {
        owned.get(tp).paused = true;
        held.add(tp);
      }
    }
    tracker.assigned(partitions);
    for (TopicPartition tp : opened) {
      tracker.completedAbove(tp, owned.get(tp).lane::completedAbove);
    }
    skipCompleted(opened);
    if (!held.isEmpty()) {
      consumer.pause(held);
    }
  }

  /**
   * Reads the commits of newly assigned partitions, under key or unordered ordering, for the
   * records a previous owner completed above them ({@link CompletedOffsets}), so they are skipped
   * rather than handled again. If the commits cannot be read, those records are handled again.
   */
  private void skipCompleted(Collection<TopicPartition> assigned) {
    if (ordering == Ordering.PARTITION || !commits || assigned.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> committed;
    try {
      committed = consumer.committed(new HashSet<>(assigned), COMMITTED_TIMEOUT);
    } catch (KafkaException e) {
      log.warn(
          "Could not read the commits of {}: records completed above them by their previous owner"
              + " will be handled again",
          assigned,
          e);
      return;
    }
    committed.forEach(
        (tp, commit) -> {
          if (commit != null && owned.get(tp).lane instanceof ConcurrentLane<K, V> lane) {
            BitSet completed = CompletedOffsets.decode(commit.metadata());
            if (!completed.isEmpty()) {
              lane.skipCompleted(commit.offset(), completed);
            }
          }
        });
  }

  /**
   * Gives partitions up: closes their lanes (work not started is dropped), and forgets their
   * offsets and step targets. Call it once their handlers finished and what they handled was
   * committed ({@link #closeAndAwait}, {@link #harvest}).
   */
  void revoke(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      Owned<K, V> gone = owned.remove(tp);
      if (gone != null) {
        gone.lane.close();
      }
    }
    tracker.revoked(partitions);
  }

  private Lane<K, V> openLane(TopicPartition partition) {
    Route<K, V> route = routes.get(partition.topic());
    if (route == null) {
      // The engine subscribes to its handlers' topics only; reaching here is an engine bug.
      throw new IllegalStateException("no handler for topic " + partition.topic());
    }
    if (ordering == Ordering.PARTITION) {
      return new PartitionLane<>(
          partition, route, executor, processor, timer, listener, consumer::wakeup, nanoClock);
    }
    return new ConcurrentLane<>(
        partition,
        ordering,
        route,
        events ->
            new PartitionLane<>(
                partition,
                route,
                executor,
                processor,
                timer,
                listener,
                consumer::wakeup,
                nanoClock,
                events),
        consumer::wakeup);
  }

  /** The lane of {@code partition}, or null if this engine does not own it. */
  Lane<K, V> lane(TopicPartition partition) {
    Owned<K, V> entry = owned.get(partition);
    return entry == null ? null : entry.lane;
  }

  /** The owned partitions. */
  List<TopicPartition> owned() {
    return new ArrayList<>(owned.keySet());
  }

  /**
   * Closes the lanes of {@code partitions} and waits, at most {@code timeoutNanos} in all, until
   * their handlers finished what they were in. Returns the partitions whose handler did not finish
   * in time. The partitions stay owned until {@link #revoke}, so their progress can be read.
   */
  List<TopicPartition> closeAndAwait(Collection<TopicPartition> partitions, long timeoutNanos)
      throws InterruptedException {
    List<TopicPartition> closing = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      Lane<K, V> lane = lane(tp);
      if (lane != null) {
        lane.close();
        closing.add(tp);
      }
    }
    long deadline = System.nanoTime() + timeoutNanos;
    List<TopicPartition> late = new ArrayList<>();
    for (TopicPartition tp : closing) {
      if (!lane(tp).awaitIdle(Math.max(0, deadline - System.nanoTime()))) {
        late.add(tp);
      }
    }
    return late;
  }

  /** Feeds every lane's progress to the offset tracker; returns the first lane failure, or null. */
  LaneFailure harvest() {
    LaneFailure failure = null;
    for (Map.Entry<TopicPartition, Owned<K, V>> entry : owned.entrySet()) {
      Lane<K, V> lane = entry.getValue().lane;
      long handled = lane.handledOffset();
      if (handled >= 0) {
        tracker.handled(entry.getKey(), handled);
      }
      if (failure == null) {
        failure = lane.failure();
      }
    }
    return failure;
  }

  /**
   * Keeps {@code partition} paused whatever its backlog: it reached a record that will stop the
   * engine once the records before it are handled.
   */
  void block(TopicPartition partition) {
    Owned<K, V> entry = owned.get(partition);
    if (entry != null) {
      entry.blocked = true;
      if (!entry.paused) {
        entry.paused = true;
        consumer.pause(List.of(partition));
      }
    }
  }

  /**
   * Decides which partitions the consumer fetches. A partition is paused while its lane holds the
   * limits' records or more unfinished records, or their bytes or more, until it drained to half of
   * both (so a slow handler never makes the poll thread wait, and fetched-but-unhandled data stays
   * bounded); while it is blocked; and while step mode holds its topic back. Only changes are sent
   * to the consumer.
   */
  void applyPauses(PauseLimits limits) {
    int recordLimit = limits.records();
    long byteLimit = limits.bytes();
    int resumeMark = recordLimit / 2;
    List<TopicPartition> pause = new ArrayList<>(0);
    List<TopicPartition> resume = new ArrayList<>(0);
    for (Map.Entry<TopicPartition, Owned<K, V>> owning : owned.entrySet()) {
      TopicPartition tp = owning.getKey();
      Owned<K, V> entry = owning.getValue();
      Lane<K, V> lane = entry.lane;
      int pending = lane.pending();
      long bytes = lane.pendingBytes();
      boolean backlog =
          entry.paused
              ? pending > resumeMark || bytes > byteLimit / 2
              : pending >= recordLimit || bytes >= byteLimit;
      if (backlog) {
        lane.wakeWhenPendingAtMost(resumeMark);
      }
      boolean wanted = backlog || entry.blocked || !steps.consumes(tp.topic());
      if (wanted != entry.paused) {
        entry.paused = wanted;
        (wanted ? pause : resume).add(tp);
      }
    }
    if (!pause.isEmpty()) {
      consumer.pause(pause);
    }
    if (!resume.isEmpty()) {
      consumer.resume(resume);
    }
  }

  /** Whether the engine paused {@code partition}. */
  boolean isPaused(TopicPartition partition) {
    Owned<K, V> entry = owned.get(partition);
    return entry != null && entry.paused;
  }

  /** The end offset {@code partition} had when the running step first saw it, or null. */
  Long stepTarget(TopicPartition partition) {
    Owned<K, V> entry = owned.get(partition);
    return entry == null ? null : entry.stepTarget;
  }

  /** Sets the end offset {@code partition} had when the running step first saw it. */
  void stepTarget(TopicPartition partition, long endOffset) {
    Owned<K, V> entry = owned.get(partition);
    if (entry != null && entry.stepTarget == null) {
      entry.stepTarget = endOffset;
    }
  }

  /** A step ended: the next one starts with no targets. */
  void clearStepTargets() {
    owned.values().forEach(entry -> entry.stepTarget = null);
  }

  /**
   * The consumer lag of the owned partitions, summed: for each, its high watermark minus its fetch
   * position, as the client knows them from its last fetch ({@code Consumer.currentLag}, no broker
   * request). {@link FetchLag#complete()} is false while the client does not know every owned
   * partition's high watermark yet; the sum then covers the partitions it knows.
   */
  FetchLag fetchLag() {
    long lag = 0;
    List<TopicPartition> unknown = new ArrayList<>(0);
    for (TopicPartition tp : owned.keySet()) {
      OptionalLong partitionLag = consumer.currentLag(tp);
      if (partitionLag.isPresent()) {
        lag += partitionLag.getAsLong();
      } else {
        unknown.add(tp);
      }
    }
    return new FetchLag(lag, !owned.isEmpty() && unknown.isEmpty(), unknown);
  }

  /** Records handed to the lanes and not finished yet, summed over the lanes. */
  long pending() {
    long pending = 0;
    for (Owned<K, V> entry : owned.values()) {
      pending += entry.lane.pending();
    }
    return pending;
  }

  /**
   * What {@link #fetchLag} found: the summed lag, whether every owned partition counted, and the
   * partitions whose lag the client does not know yet.
   */
  record FetchLag(long records, boolean complete, List<TopicPartition> unknown) {}

  /** What the engine keeps of one owned partition. */
  private static final class Owned<K, V> {
    final Lane<K, V> lane;
    boolean paused;
    boolean blocked;
    Long stepTarget;

    Owned(Lane<K, V> lane) {
      this.lane = lane;
    }
  }
}
