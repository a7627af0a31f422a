package dev.paperboy.benchmarks;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32;

/**
 * The handler's work, the same in every variant: wait the simulated I/O time ({@link IoWait}, none
 * by default), then count each record and add its value's CRC32 to a checksum. The sum does not
 * depend on order, so lanes may add concurrently and every variant must end with the loader's
 * totals. Each thread counts into a counter of its own, allocated by that thread and written only
 * by it (release stores, no fence), and a reader sums them: the one-threaded raw loop never shares
 * its counters, so the engine's handler threads must not either. A single atomic bounced its cache
 * line between the cores on every record; {@link java.util.concurrent.atomic.LongAdder}s still did
 * on two cores (two cells for 16 handler threads; its {@code add} took a third of the handler
 * threads' samples). Completion is noticed by whoever asks ({@link #isComplete()}: the raw loop
 * after each poll, the runner of every other variant every 0.2 ms near the end, less often before),
 * and its time is the end of a run.
 */
final class Tally {
  private static final long AWAIT_STEP_NANOS = 200_000;
  private static final long MAX_AWAIT_STEP_NANOS = 5_000_000;
  private static final long FIRST_AWAIT_STEP_NANOS = 1_000_000;

  /** Slots of the thread-id-indexed table that finds a thread's counter: a power of two. */
  private static final int SLOTS = 1024;

  private final long expected;
  private final IoWait ioWait;
  private final List<Counter> counters = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Counter> counter = ThreadLocal.withInitial(this::newCounter);
  private final AtomicReferenceArray<Counter> bySlot = new AtomicReferenceArray<>(SLOTS);
  private volatile long completedAtNanos;
  private volatile long firstAtNanos;

  Tally(long expected) {
    this(expected, IoWait.NONE);
  }

  Tally(long expected, IoWait ioWait) {
    this.expected = expected;
    this.ioWait = ioWait;
  }

  /** The checksum contribution of one value. */
  static long checksumOf(byte[] value) {
    CRC32 crc = new CRC32();
    crc.update(value, 0, value.length);
    return crc.getValue();
  }

  /** Waits the simulated I/O time, then counts one record's value. Thread-safe. */
  void add(byte[] value) {
    ioWait.await();
    Counter mine = mine();
    mine.checksum.lazySet(mine.checksum.get() + checksumOf(value));
    mine.count.lazySet(mine.count.get() + 1);
    if (firstAtNanos == 0) {
      firstAtNanos = System.nanoTime();
    }
  }

  /** Whether the expected number of records was counted; notes the time the first asker saw it. */
  boolean isComplete() {
    if (completedAtNanos != 0) {
      return true;
    }
    if (count() >= expected) {
      synchronized (this) {
        if (completedAtNanos == 0) {
          completedAtNanos = System.nanoTime();
        }
      }
      return true;
    }
    return false;
  }

  /** Waits at most {@code timeout} for the expected count; returns whether it was reached. */
  boolean awaitComplete(long timeout, TimeUnit unit) {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (!isComplete()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      LockSupport.parkNanos(awaitStepNanos());
    }
    return true;
  }

  /**
   * How long the watcher sleeps before it looks again: a quarter of the time the rest should take
   * at the rate so far, between 0.2 ms and 5 ms (1 ms before the first record). Looking every 0.2
   * ms throughout cost the watched engine's JVM about 60 ms of CPU per million records (and pulled
   * the counters' cache lines away from the handler threads 5,000 times a second), a cost the raw
   * loop, which checks after its own polls, never pays; near the end it still looks every 0.2 ms.
   */
  private long awaitStepNanos() {
    long first = firstAtNanos;
    long counted = count();
    if (first == 0 || counted == 0) {
      return FIRST_AWAIT_STEP_NANOS;
    }
    double nanosPerRecord = (System.nanoTime() - first) / (double) counted;
    long restNanos = (long) (nanosPerRecord * Math.max(0, expected - counted));
    return Math.max(AWAIT_STEP_NANOS, Math.min(MAX_AWAIT_STEP_NANOS, restNanos / 4));
  }

  /** {@link System#nanoTime()} when the first record was counted; 0 before. */
  long firstAtNanos() {
    return firstAtNanos;
  }

  /** {@link System#nanoTime()} when the expected count was noticed; 0 before. */
  long completedAtNanos() {
    return completedAtNanos;
  }

  /** Records counted so far. */
  long count() {
    long sum = 0;
    for (Counter each : counters) {
      sum += each.count.get();
    }
    return sum;
  }

  Totals totals() {
    long checksum = 0;
    for (Counter each : counters) {
      checksum += each.checksum.get();
    }
    return new Totals(count(), checksum);
  }

  @Override
  public String toString() {
    return count() + " of " + expected + " records";
  }

  /**
   * The calling thread's counter: from the slot of its thread id, else (a slot taken by another
   * thread) from the thread-local. A thread-local lookup per record was 13 of the 50 samples of the
   * engine's handler threads with no work per record, against 17 of 515 in the raw loop's one
   * thread: the pool's threads take turns, so each one's thread-local table is out of the cache
   * more often. A field read of the current thread and an array read cost every variant the same.
   */
  @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; this module runs on 17 too
  private Counter mine() {
    Thread me = Thread.currentThread();
    Counter slotted = bySlot.getPlain((int) me.getId() & (SLOTS - 1));
    return slotted != null && slotted.owner == me ? slotted : counter.get();
  }

  /**
   * Called on the counting thread, so the counter lies in that thread's allocation buffer; takes
   * the thread's slot if no other thread has.
   */
  @SuppressWarnings("deprecation")
  private Counter newCounter() {
    Thread me = Thread.currentThread();
    Counter created = new Counter(me);
    counters.add(created);
    bySlot.compareAndSet((int) me.getId() & (SLOTS - 1), null, created);
    return created;
  }

  /** One thread's counts: written by that thread only, read by anyone. */
  private static final class Counter {
    final Thread owner;
    final AtomicLong count = new AtomicLong();
    final AtomicLong checksum = new AtomicLong();

    Counter(Thread owner) {
      this.owner = owner;
    }
  }
}
