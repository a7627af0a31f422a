package dev.paperboy.internal;

import dev.paperboy.PaperboyListener;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The ordered lane of one partition: work handed over by the poll thread runs here one unit after
 * the other, on the shared handler pool, so the partition's records are handled strictly in offset
 * order while other partitions run in parallel.
 *
 * <p>The poll thread reads, without blocking, how far the lane got ({@link #handledOffset()}), how
 * much is still pending ({@link #pending()}) and whether it failed ({@link #failure()}). The lane
 * wakes the poll thread (through {@code wakeUp}, which calls {@code consumer.wakeup()}) when
 * something it must react to promptly happened: a batch finished (commit it), the lane failed
 * (stop), or a paused lane drained below the mark the poll thread set (resume it).
 *
 * <p>After {@link #close()} (revocation or shutdown) the lane drops the work not yet started and
 * stops after the record, or batch, in progress.
 */
final class PartitionLane<K, V> implements Runnable, Backoff {
  /** Units run per turn before the lane yields its thread to other lanes. */
  private static final int MAX_WORK_PER_TURN = 16;

  private final TopicPartition partition;
  private final Executor executor;
  private final WorkProcessor<K, V> processor;
  private final PaperboyListener listener;
  private final Runnable wakeUp;
  private final LongSupplier nanoClock;

  private final ConcurrentLinkedQueue<Work<K, V>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong pendingBytes = new AtomicLong();
  private final Object idleMonitor = new Object();
  private final Object closeMonitor = new Object();

  private volatile long handledOffset = -1;
  private volatile LaneFailure failure;
  private volatile boolean closed;
  private volatile int wakeWhenPendingAtMost = -1;

  /** Whether the poll thread paused this partition; read and written by the poll thread only. */
  boolean paused;

  /**
   * Whether the partition must stay paused whatever its backlog: it reached a record that will stop
   * the engine once the records before it are handled. Poll thread only.
   */
  boolean blocked;

  PartitionLane(
      TopicPartition partition,
      Executor executor,
      WorkProcessor<K, V> processor,
      PaperboyListener listener,
      Runnable wakeUp,
      LongSupplier nanoClock) {
    this.partition = partition;
    this.executor = executor;
    this.processor = processor;
    this.listener = listener;
    this.wakeUp = wakeUp;
    this.nanoClock = nanoClock;
  }

  TopicPartition partition() {
    return partition;
  }

  /** Queues work behind everything already queued. Poll thread only. */
  void submit(Work<K, V> work) {
    if (closed) {
      return;
    }
    pending.addAndGet(work.size());
    pendingBytes.addAndGet(work.bytes());
    queue.add(work);
    if (scheduled.compareAndSet(false, true)) {
      executor.execute(this);
    }
  }

  /** The offset after the last record handled in order, or -1 before the first. */
  long handledOffset() {
    return handledOffset;
  }

  /** Records handed to this lane and not finished yet (queued or in progress). */
  int pending() {
    return pending.get();
  }

  /** Serialized bytes of the records handed to this lane and not finished yet. */
  long pendingBytes() {
    return pendingBytes.get();
  }

  /** The error that stopped this lane, or null. */
  LaneFailure failure() {
    return failure;
  }

  /** Asks the lane to wake the poll thread once at most {@code mark} records are pending. */
  void wakeWhenPendingAtMost(int mark) {
    wakeWhenPendingAtMost = mark;
  }

  /** Whether the lane was closed; handlers in progress may still be finishing. */
  boolean isClosed() {
    return closed;
  }

  /**
   * Stops the lane: work not started is dropped (it was not handled, so it is not committed and is
   * redelivered), and the lane stops after the record or batch in progress. Any thread.
   */
  void close() {
    closed = true;
    synchronized (closeMonitor) {
      closeMonitor.notifyAll();
    }
    Work<K, V> dropped;
    while ((dropped = queue.poll()) != null) {
      release(dropped, false);
    }
  }

  /** Waits until nothing is pending, at most {@code timeoutNanos}; returns whether it is idle. */
  boolean awaitIdle(long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    synchronized (idleMonitor) {
      while (pending.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idleMonitor, left);
      }
    }
    return true;
  }

  @Override
  public void run() {
    try {
      for (int i = 0; i < MAX_WORK_PER_TURN; i++) {
        Work<K, V> work = queue.poll();
        if (work == null) {
          break;
        }
        if (closed || failure != null) {
          release(work, false);
        } else {
          process(work);
        }
      }
    } finally {
      scheduled.set(false);
      if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
        executor.execute(this);
      }
    }
  }

  /** Waits between attempts; returns false, early, when the lane is closed. */
  @Override
  public boolean await(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    synchronized (closeMonitor) {
      while (!closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return true;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(closeMonitor, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return false;
  }

  private void process(Work<K, V> work) {
    long start = nanoClock.getAsLong();
    int handled = 0;
    long failedAt = work.firstOffset();
    try {
      switch (work.kind()) {
        case RECORDS:
          Route<K, V> route = processor.routeOf(partition.topic());
          for (ConsumerRecord<K, V> record : work.records()) {
            if (closed) {
              break;
            }
            failedAt = record.offset();
            if (!settle(processor.handleRecord(route, record, this), failedAt)) {
              break;
            }
            handled++;
            handledOffset = record.offset() + 1;
          }
          break;
        case BATCH:
          if (settle(processor.handleBatch(work.records(), this), failedAt)) {
            handled = work.size();
            handledOffset = work.nextOffset();
          }
          break;
        case POISON_PILL:
          Outcome outcome = processor.handlePoisonPill(work.pill(), this);
          if (outcome.fatalError() != null) {
            failure = LaneFailure.poisonPill(partition, failedAt, outcome.fatalError());
          } else if (outcome.isDone()) {
            handled = 1;
            handledOffset = work.nextOffset();
          }
          break;
      }
    } catch (Throwable t) {
      // An Error, or a bug: never let a lane die silently with its partition paused forever.
      failure = LaneFailure.handling(partition, failedAt, t);
    } finally {
      if (handled > 0) {
        listener.onRecordsHandled(partition, handled, nanoClock.getAsLong() - start);
      }
      release(work, work.kind() != Work.Kind.RECORDS || failure != null);
    }
  }

  /** Records a fatal outcome; returns whether the work is done and its offsets may move on. */
  private boolean settle(Outcome outcome, long offset) {
    if (outcome.fatalError() != null) {
      failure = LaneFailure.handling(partition, offset, outcome.fatalError());
    }
    return outcome.isDone();
  }

  private void release(Work<K, V> work, boolean wake) {
    pendingBytes.addAndGet(-work.bytes());
    int left = pending.addAndGet(-work.size());
    if (left == 0) {
      synchronized (idleMonitor) {
        idleMonitor.notifyAll();
      }
    }
    int mark = wakeWhenPendingAtMost;
    if (mark >= 0 && left <= mark) {
      wakeWhenPendingAtMost = -1;
      wake = true;
    }
    if (wake && !closed) {
      wakeUp.run();
    }
  }
}
