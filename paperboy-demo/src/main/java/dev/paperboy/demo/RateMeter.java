package dev.paperboy.demo;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A rate over a sliding window: fed a running count with the time it was read, it answers how fast
 * the count grew over about the last window. Time is passed in, in nanoseconds. Not thread-safe.
 */
final class RateMeter {
  private final long windowNanos;
  private final Deque<long[]> samples = new ArrayDeque<>();

  RateMeter(long windowNanos) {
    this.windowNanos = windowNanos;
  }

  /** Adds a sample and returns the rate per second since the oldest sample in the window. */
  double perSecond(long nowNanos, long count) {
    samples.addLast(new long[] {nowNanos, count});
    while (samples.size() > 2 && nowNanos - samples.peekFirst()[0] > windowNanos) {
      samples.removeFirst();
    }
    long[] oldest = samples.peekFirst();
    long elapsed = nowNanos - oldest[0];
    return elapsed <= 0 ? 0 : (count - oldest[1]) * 1e9 / elapsed;
  }
}
