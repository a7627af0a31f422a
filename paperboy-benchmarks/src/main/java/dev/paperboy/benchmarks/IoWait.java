package dev.paperboy.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A handler's simulated I/O ({@code bench.workMicros}): the time a database write or a remote call
 * would keep the handling thread waiting without using the CPU. Under a millisecond the thread
 * parks (again if it wakes early); from a millisecond on it sleeps, as blocking I/O would.
 *
 * @param micros how long each record's handling waits, 0 for not at all
 */
record IoWait(long micros) {
  static final IoWait NONE = new IoWait(0);

  private static final long SLEEP_FROM_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  IoWait {
    if (micros < 0) {
      throw new IllegalArgumentException("bench.workMicros must be >= 0: " + micros);
    }
  }

  /** Waits {@link #micros()} on the calling thread; returns at once for 0. */
  void await() {
    if (micros == 0) {
      return;
    }
    long nanos = TimeUnit.MICROSECONDS.toNanos(micros);
    if (nanos >= SLEEP_FROM_NANOS) {
      sleep(nanos);
      return;
    }
    long end = System.nanoTime() + nanos;
    for (long left = nanos; left > 0; left = end - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  /**
   * Sleeps {@code nanos}. An interrupt (a consumer being stopped) ends the wait early and is kept
   * for the caller to see; the record is still counted.
   */
  private static void sleep(long nanos) {
    try {
      Thread.sleep(TimeUnit.NANOSECONDS.toMillis(nanos), (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
