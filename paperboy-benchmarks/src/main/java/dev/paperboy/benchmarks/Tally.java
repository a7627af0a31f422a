package dev.paperboy.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32;

/**
 * The handler's work, the same in every variant: wait the simulated I/O time ({@link IoWait}, none
 * by default), then count each record and add its value's CRC32 to a checksum. The sum does not
 * depend on order, so lanes may add concurrently and every variant must end with the loader's
 * totals. Counters are {@link LongAdder}s: a single atomic shared by the engine's handler threads
 * would bounce its cache line between cores on every record, a cost the one-threaded raw loop never
 * pays and that says nothing about the engine. Completion is noticed by whoever asks ({@link
 * #isComplete()}: the raw loop after each poll, the runner of every other variant every 0.2 ms),
 * and its time is the end of a run.
 */
final class Tally {
  private static final long AWAIT_STEP_NANOS = 200_000;

  private final long expected;
  private final IoWait ioWait;
  private final LongAdder count = new LongAdder();
  private final LongAdder checksum = new LongAdder();
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
    checksum.add(checksumOf(value));
    count.increment();
    if (firstAtNanos == 0) {
      firstAtNanos = System.nanoTime();
    }
  }

  /** Whether the expected number of records was counted; notes the time the first asker saw it. */
  boolean isComplete() {
    if (completedAtNanos != 0) {
      return true;
    }
    if (count.sum() >= expected) {
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
      LockSupport.parkNanos(AWAIT_STEP_NANOS);
    }
    return true;
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
    return count.sum();
  }

  Totals totals() {
    return new Totals(count.sum(), checksum.sum());
  }

  @Override
  public String toString() {
    return count.sum() + " of " + expected + " records";
  }
}
