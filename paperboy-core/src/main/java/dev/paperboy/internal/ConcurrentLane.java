package dev.paperboy.internal;

import dev.paperboy.Ordering;
import dev.paperboy.PaperboyBulkHandler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One partition handled by key ({@link Ordering#KEY}) or in any order ({@link Ordering#UNORDERED}):
 * its records are spread over {@link PartitionLane}s, one per key (or one per record), which run
 * side by side on the handler pool, so the pool's size, not the partition count, bounds the records
 * handled at once. Records of one key still go one after the other in offset order; a record
 * backing off for a retry holds only its own key.
 *
 * <p>Records finish out of order, so the partition keeps a <em>window</em> ({@link
 * CompletionTracker}): every record handed over, in offset order, until it and all before it are
 * done. The committable offset is the first record of the window not done yet; records done above
 * it wait there, still counted as pending, so a slow record makes the partition pause once the
 * window reaches the pause limit instead of letting the engine buffer without bound behind it. What
 * is done above the committable offset travels with the commit ({@link CompletedOffsets}), so
 * whoever resumes from it skips those records.
 *
 * <p>A bulk handler's batch ({@link PaperboyBulkHandler#onBulk}) stays one call over the
 * partition's records in offset order: it waits until the records before it are done, and records
 * after it wait for it, on a lane of its own.
 *
 * <p>Work is handed over by the poll thread; the lanes report back on handler threads. Both sides
 * take this lane's locks for bookkeeping only, never while a handler runs: one for the window,
 * which a handler thread takes after each record, and one for the lanes, which it takes when it
 * lets go of its work. The poll thread takes them one after the other, never both at once, and
 * spreads a poll's records over keys holding neither, so a handler thread finishing a record does
 * not wait for the poll thread handing over hundreds.
 */
final class ConcurrentLane<K, V> implements Lane<K, V>, PartitionLane.Events<K, V> {
  /** The key of a lane that holds one record that may run beside any other. */
  private static final Object NO_KEY = new Object();

  private final TopicPartition partition;
  private final Ordering ordering;
  private final OrderingKeys keys;
  private final boolean bulkHandler;
  private final Function<PartitionLane.Events<K, V>, PartitionLane<K, V>> newLane;
  private final Runnable wakeUp;

  private final CompletionTracker<K, V> completion = new CompletionTracker<>();

  private final Object lanesLock = new Object();

  // Guarded by lanesLock.
  private final Map<Object, PartitionLane<K, V>> byKey = new HashMap<>();

  /** Every lane with work, whole batches' lane aside, and its key. */
  private final Map<PartitionLane<K, V>, Object> live = new IdentityHashMap<>();

  private final ArrayDeque<Ready<K, V>> held = new ArrayDeque<>();
  private PartitionLane<K, V> batchLane;
  private int keyedInLanes;
  private int batchesInLane;

  private volatile boolean closed;

  private volatile LaneFailure failure;
  private volatile int wakeWhenPendingAtMost = -1;

  /**
   * A partition whose records go to {@code route}; {@code newLane} makes a lane that reports to
   * this one (through {@link PartitionLane.Events}).
   */
  ConcurrentLane(
      TopicPartition partition,
      Ordering ordering,
      Route<K, V> route,
      Function<PartitionLane.Events<K, V>, PartitionLane<K, V>> newLane,
      Runnable wakeUp) {
    if (ordering == Ordering.PARTITION) {
      throw new IllegalArgumentException("partition order is a PartitionLane's job");
    }
    this.partition = partition;
    this.ordering = ordering;
    this.keys = new OrderingKeys(ordering);
    this.bulkHandler = route.handler() instanceof PaperboyBulkHandler;
    this.newLane = newLane;
    this.wakeUp = wakeUp;
  }

  /**
   * Records a previous owner already handled: the offsets {@code committed + i} for each bit {@code
   * i} of {@code completed}, read from the commit's metadata. They are skipped when they arrive.
   * Poll thread, before the first {@link #submit}.
   */
  void skipCompleted(long committed, BitSet completed) {
    completion.skipCompleted(committed, completed);
  }

  @Override
  public void submit(Work<K, V> work) {
    if (closed) {
      return;
    }
    Work<K, V> todo = completion.admit(work);
    if (todo == null) {
      return;
    }
    Ready<K, V> ready = prepare(todo);
    synchronized (lanesLock) {
      if (closed) {
        return;
      }
      if (held.isEmpty() && canStart(todo)) {
        start(ready);
      } else {
        held.add(ready);
      }
    }
  }

  /**
   * Work about to start and, unless it runs alone (a bulk handler's batch, a poison pill), its
   * records by key in offset order, and those without a key (or all, unordered) apart, each to run
   * on a lane of its own.
   */
  private record Ready<K, V>(
      Work<K, V> work,
      Map<Object, List<ConsumerRecord<K, V>>> byKey,
      List<ConsumerRecord<K, V>> alone) {}

  /**
   * Spreads {@code work}'s records over their {@link OrderingKeys}. Poll thread, holding no lock.
   */
  private Ready<K, V> prepare(Work<K, V> work) {
    if (isWholeBatch(work) || work.kind() == Work.Kind.POISON_PILL) {
      return new Ready<>(work, Map.of(), List.of());
    }
    Map<Object, List<ConsumerRecord<K, V>>> groups = new LinkedHashMap<>();
    List<ConsumerRecord<K, V>> alone = new ArrayList<>();
    for (ConsumerRecord<K, V> record : work.records()) {
      Object key = keys.keyOf(record);
      if (key == null) {
        alone.add(record);
      } else {
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
      }
    }
    return new Ready<>(work, groups, alone);
  }

  /** A bulk handler's batch runs on its own lane, as one call over the partition's records. */
  private boolean isWholeBatch(Work<K, V> work) {
    return bulkHandler && work.kind() == Work.Kind.BATCH;
  }

  /** Whether {@code work} may start now: whole batches and keyed work never run side by side. */
  private boolean canStart(Work<K, V> work) {
    return isWholeBatch(work) ? keyedInLanes == 0 : batchesInLane == 0;
  }

  private void start(Ready<K, V> ready) {
    Work<K, V> work = ready.work();
    if (isWholeBatch(work)) {
      if (batchLane == null) {
        batchLane = newLane.apply(this);
      }
      batchesInLane += work.size();
      batchLane.submit(work);
      return;
    }
    if (work.kind() == Work.Kind.POISON_PILL) {
      startAlone(work);
      return;
    }
    for (ConsumerRecord<K, V> record : ready.alone()) {
      startAlone(unit(work, List.of(record)));
    }
    ready
        .byKey()
        .forEach(
            (key, records) -> {
              keyedInLanes += records.size();
              PartitionLane<K, V> lane = byKey.get(key);
              if (lane == null) {
                lane = newLane.apply(this);
                byKey.put(key, lane);
                live.put(lane, key);
              }
              lane.submit(unit(work, records));
            });
  }

  /** Starts {@code work} on a lane of its own. */
  private void startAlone(Work<K, V> work) {
    keyedInLanes += work.size();
    PartitionLane<K, V> lane = newLane.apply(this);
    live.put(lane, NO_KEY);
    lane.submit(work);
  }

  private static <K, V> Work<K, V> unit(Work<K, V> of, List<ConsumerRecord<K, V>> records) {
    return of.kind() == Work.Kind.BATCH
        ? Work.batch(records, Work.bytesOf(records))
        : Work.records(records, Work.bytesOf(records));
  }

  @Override
  public void recordsDone(Work<K, V> work, int from, int to) {
    completion.done(work, from, to);
    int mark = wakeWhenPendingAtMost;
    if (mark >= 0 && completion.pending() <= mark) {
      wakeWhenPendingAtMost = -1;
      wakeUp.run();
    }
  }

  @Override
  public void released(PartitionLane<K, V> lane, Work<K, V> work) {
    synchronized (lanesLock) {
      if (lane == batchLane) {
        batchesInLane -= work.size();
      } else {
        keyedInLanes -= work.size();
        if (lane.pending() == 0) {
          Object key = live.remove(lane);
          if (key != null && key != NO_KEY) {
            byKey.remove(key);
          }
        }
      }
      while (!closed && !held.isEmpty() && canStart(held.peekFirst().work())) {
        start(held.pollFirst());
      }
      if (keyedInLanes + batchesInLane == 0) {
        lanesLock.notifyAll();
      }
    }
  }

  @Override
  public void failed(LaneFailure laneFailure) {
    if (failure == null) {
      failure = laneFailure;
    }
  }

  @Override
  public long handledOffset() {
    return completion.handledOffset();
  }

  @Override
  public String completedAbove(long base) {
    return completion.completedAbove(base);
  }

  @Override
  public int pending() {
    return completion.pending();
  }

  @Override
  public long pendingBytes() {
    return completion.pendingBytes();
  }

  @Override
  public LaneFailure failure() {
    return failure;
  }

  @Override
  public void wakeWhenPendingAtMost(int mark) {
    wakeWhenPendingAtMost = mark;
  }

  @Override
  public void close() {
    List<PartitionLane<K, V>> lanes;
    synchronized (lanesLock) {
      closed = true;
      held.clear();
      lanes = new ArrayList<>(live.keySet());
      if (batchLane != null) {
        lanes.add(batchLane);
      }
    }
    lanes.forEach(PartitionLane::close);
  }

  @Override
  public boolean awaitIdle(long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    synchronized (lanesLock) {
      while (keyedInLanes + batchesInLane > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lanesLock, left);
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "ConcurrentLane[" + partition + ", " + ordering + "]";
  }
}
