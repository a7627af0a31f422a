package dev.paperboy.internal;

import dev.paperboy.PaperboyListener;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;

/**
 * The ordered lane of one partition: work handed over by the poll thread runs here one unit after
 * the other, on the shared handler pool, so the partition's records are handled strictly in offset
 * order while other partitions run in parallel.
 *
 * <p>The poll thread reads, without blocking, how far the lane got ({@link #handledOffset()}), how
 * much is still pending ({@link #pending()}) and whether it failed ({@link #failure()}). The lane
 * wakes the poll thread (through {@code wakeUp}, which calls {@code consumer.wakeup()}) only when
 * something it must react to promptly happened: the lane failed (stop), or it drained to the mark
 * the poll thread set (resume a paused partition, end a step). A finished batch wakes nobody: its
 * commit waits for {@code commitIntervalMs} anyway, and each wake-up cuts a poll short.
 *
 * <p>A unit of work is handled in steps ({@link WorkProcessor#step}); the lane remembers where it
 * is ({@link Handling}). When a step asks for a backoff, the lane schedules its next turn on the
 * {@link RetryTimer} and gives its thread back: a partition backing off holds no handler thread.
 * The handled offset moves only when a step finished a record, so no record is ever skipped.
 *
 * <p>After {@link #close()} (revocation or shutdown) the lane drops the work not yet started, cuts
 * a backoff short, and stops after the step in progress; what it did not finish is not committed.
 */
final class PartitionLane<K, V> implements Lane<K, V>, Runnable {
  /**
   * Steps (records, batches, dead-letter writes) run per turn before the lane yields its thread.
   */
  private static final int MAX_STEPS_PER_TURN = 4096;

  /**
   * Steps per turn of a lane working for a {@link ConcurrentLane}: one, so the partition's lanes
   * take turns record by record, in about the order their records arrived, and the partition's
   * committable offset moves steadily instead of waiting for whole keys' queues.
   */
  private static final int MAX_STEPS_PER_SHARED_TURN = 1;

  private static final VarHandle HANDLED_OFFSET;

  static {
    try {
      HANDLED_OFFSET =
          MethodHandles.lookup().findVarHandle(PartitionLane.class, "handledOffset", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final TopicPartition partition;
  private final Route<K, V> route;
  private final Executor executor;
  private final WorkProcessor<K, V> processor;
  private final RetryTimer timer;
  private final PaperboyListener listener;
  private final Runnable wakeUp;
  private final LongSupplier nanoClock;
  private final Events<K, V> events;

  private final ConcurrentLinkedQueue<Work<K, V>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong pendingBytes = new AtomicLong();
  private final AtomicReference<Object> backoff = new AtomicReference<>();
  private final Object idleMonitor = new Object();

  /** The unit in progress; touched only by the thread running the lane's turn. */
  private Handling<K, V> current;

  /** When the current unit began: its duration for the listener includes any backoff in it. */
  private long currentStartNanos;

  /**
   * Written on every record, by the thread running the lane's turn, with a release store: the poll
   * thread reading it (a volatile read) sees the handling that came before, and the handler thread
   * pays no full fence per record, as a volatile write would make it.
   */
  private volatile long handledOffset = -1;

  private volatile LaneFailure failure;
  private volatile boolean closed;
  private volatile int wakeWhenPendingAtMost = -1;

  PartitionLane(
      TopicPartition partition,
      Route<K, V> route,
      Executor executor,
      WorkProcessor<K, V> processor,
      RetryTimer timer,
      PaperboyListener listener,
      Runnable wakeUp,
      LongSupplier nanoClock) {
    this(partition, route, executor, processor, timer, listener, wakeUp, nanoClock, null);
  }

  /**
   * A lane working for a {@link ConcurrentLane}, which hears of every record it finished and every
   * unit it let go of through {@code events}.
   */
  PartitionLane(
      TopicPartition partition,
      Route<K, V> route,
      Executor executor,
      WorkProcessor<K, V> processor,
      RetryTimer timer,
      PaperboyListener listener,
      Runnable wakeUp,
      LongSupplier nanoClock,
      Events<K, V> events) {
    this.events = events;
    this.partition = partition;
    this.route = route;
    this.executor = executor;
    this.processor = processor;
    this.timer = timer;
    this.listener = listener;
    this.wakeUp = wakeUp;
    this.nanoClock = nanoClock;
  }

  TopicPartition partition() {
    return partition;
  }

  /**
   * What a lane working for a {@link ConcurrentLane} reports to it. Called on the handler thread
   * running the lane's turn, or on the thread closing it.
   */
  interface Events<K, V> {
    /** The records {@code from} (inclusive) to {@code to} (exclusive) of {@code work} are done. */
    void recordsDone(Work<K, V> work, int from, int to);

    /** The lane let go of {@code work}: finished, failed, or dropped by a close. */
    void released(PartitionLane<K, V> lane, Work<K, V> work);

    /** The lane failed; it handles nothing more. */
    void failed(LaneFailure failure);
  }

  /** Queues work behind everything already queued. Poll thread only. */
  @Override
  public void submit(Work<K, V> work) {
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
  @Override
  public long handledOffset() {
    return handledOffset;
  }

  /** Records are handled in order: none is ever handled above the handled offset. */
  @Override
  public String completedAbove(long base) {
    return "";
  }

  /** Records handed to this lane and not finished yet (queued or in progress). */
  @Override
  public int pending() {
    return pending.get();
  }

  /** Serialized bytes of the records handed to this lane and not finished yet. */
  @Override
  public long pendingBytes() {
    return pendingBytes.get();
  }

  /** The error that stopped this lane, or null. */
  @Override
  public LaneFailure failure() {
    return failure;
  }

  @Override
  public void wakeWhenPendingAtMost(int mark) {
    wakeWhenPendingAtMost = mark;
  }

  /** Whether the lane was closed; handlers in progress may still be finishing. */
  boolean isClosed() {
    return closed;
  }

  /**
   * Stops the lane: work not started is dropped (it was not handled, so it is not committed and is
   * redelivered), a backoff is cut short, and the lane stops after the step in progress. Any
   * thread.
   */
  @Override
  public void close() {
    closed = true;
    Work<K, V> dropped;
    while ((dropped = queue.poll()) != null) {
      release(dropped, false);
    }
    if (backoff.getAndSet(null) != null) {
      resume();
    }
  }

  /** Waits until nothing is pending, at most {@code timeoutNanos}; returns whether it is idle. */
  @Override
  public boolean awaitIdle(long timeoutNanos) throws InterruptedException {
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

  /** One turn: steps through the queued work until it is done, a backoff, or the turn's budget. */
  @Override
  public void run() {
    boolean backingOff = false;
    try {
      int maxSteps = events == null ? MAX_STEPS_PER_TURN : MAX_STEPS_PER_SHARED_TURN;
      for (int steps = 0; steps < maxSteps && !backingOff; steps++) {
        if (current == null) {
          Work<K, V> work = queue.poll();
          if (work == null) {
            break;
          }
          current = new Handling<>(work);
          currentStartNanos = nanoClock.getAsLong();
        }
        if (closed || failure != null) {
          endUnit(false);
        } else {
          backingOff = step();
        }
      }
    } catch (Throwable t) {
      // An Error, or a bug: never let a lane die silently with its partition paused forever.
      fail(LaneFailure.handling(partition, current == null ? -1 : current.offset(), t));
      if (current != null) {
        endUnit(true);
      }
    } finally {
      if (!backingOff) {
        scheduled.set(false);
        if ((current != null || !queue.isEmpty()) && scheduled.compareAndSet(false, true)) {
          resume();
        }
      }
    }
  }

  /** Makes one step of the current unit; returns whether the lane now backs off. */
  private boolean step() {
    int doneBefore = current.handledCount();
    Step step = processor.step(route, current);
    long handled = current.handledOffset();
    if (handled > handledOffset) {
      HANDLED_OFFSET.setRelease(this, handled);
    }
    if (events != null && current.handledCount() > doneBefore) {
      events.recordsDone(current.work(), doneBefore, current.handledCount());
    }
    Exception fatal = step.fatalError();
    if (fatal != null) {
      fail(
          current.pill() != null
              ? LaneFailure.poisonPill(partition, current.offset(), fatal)
              : LaneFailure.handling(partition, current.offset(), fatal));
      endUnit(true);
      return false;
    }
    if (step.isWait()) {
      backOff(step.waitMs());
      return true;
    }
    if (current.isFinished()) {
      endUnit(false); // commits follow commitIntervalMs in either mode: nothing to wake up for
    }
    return false;
  }

  private void fail(LaneFailure laneFailure) {
    failure = laneFailure;
    if (events != null) {
      events.failed(laneFailure);
    }
  }

  /**
   * Hands the lane's next turn to the timer. Whoever clears the token first, the timer or {@link
   * #close()}, starts that turn; a close racing with this is seen by one of the two checks.
   */
  private void backOff(long delayMs) {
    Object token = new Object();
    backoff.set(token);
    timer.schedule(
        delayMs,
        () -> {
          if (backoff.compareAndSet(token, null)) {
            resume();
          }
        });
    if (closed && backoff.compareAndSet(token, null)) {
      resume();
    }
  }

  private void resume() {
    try {
      executor.execute(this);
    } catch (RejectedExecutionException e) {
      // The engine shut its handler pool down: nothing is left to run.
      scheduled.set(false);
    }
  }

  /** Ends the current unit: reports what it handled, then releases it, whatever the report does. */
  private void endUnit(boolean wake) {
    Handling<K, V> done = current;
    current = null;
    try {
      if (done.handledCount() > 0) {
        listener.onRecordsHandled(
            partition, done.handledCount(), nanoClock.getAsLong() - currentStartNanos);
      }
    } finally {
      release(done.work(), wake || failure != null);
    }
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
    if (events != null) {
      events.released(this, work);
    }
  }
}
