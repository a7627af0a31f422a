package dev.paperboy.micrometer;

import java.time.Duration;

/**
 * The recent rate of handled records per second, exponentially weighted, and the lag's time to
 * drain at that rate. A record handled {@code age} ago weighs {@code exp(-age / window)}: with the
 * 30 s window, what was handled in the last half minute weighs most, a minute ago about 14 %.
 *
 * <p>The weighted count {@code S} is what a steady rate {@code r} builds up to {@code r * window *
 * (1 - exp(-T / window))} after {@code T} seconds of observation, so dividing by that factor gives
 * {@code r} from the start rather than a rate that creeps up from 0 over the first minutes. {@code
 * T} counts from the first record and is taken as at least one second, so a first batch does not
 * read as millions of records per second.
 *
 * <p>Pure: the time is an argument (monotonic nanoseconds), so tests step through it with numbers.
 * Thread-safe: handler threads record while a registry's thread reads, both under this object's
 * lock, held for a few arithmetic operations.
 */
final class HandlingRate {
  /** How far back handled records still count much; see the class comment. */
  static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);

  private static final long MIN_OBSERVED_NANOS = Duration.ofSeconds(1).toNanos();
  private static final double NANOS_PER_SECOND = 1e9;

  private final double windowNanos;
  private boolean started;
  private long startNanos;
  private long lastNanos;
  private double weighted;

  HandlingRate(Duration window) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be > 0: " + window);
    }
    this.windowNanos = window.toNanos();
  }

  /** {@code count} records were handled (or skipped: whatever drains the lag) at {@code now}. */
  synchronized void record(long count, long nowNanos) {
    if (!started) {
      started = true;
      startNanos = nowNanos;
      lastNanos = nowNanos;
    }
    weighted = decayedTo(nowNanos) + count;
    lastNanos = Math.max(lastNanos, nowNanos);
  }

  /** Records per second at {@code now}; 0 before the first record. */
  synchronized double perSecond(long nowNanos) {
    if (!started) {
      return 0;
    }
    long observed = Math.max(MIN_OBSERVED_NANOS, nowNanos - startNanos);
    double settled = 1 - Math.exp(-observed / windowNanos);
    return decayedTo(nowNanos) / (windowNanos / NANOS_PER_SECOND * settled);
  }

  /**
   * Seconds until {@code lag} records are handled at the rate at {@code now}: 0 when the lag is 0,
   * {@code NaN} when the lag is unknown (negative) or there is lag but no rate to drain it with.
   */
  double secondsToDrain(long lag, long nowNanos) {
    return secondsToDrain(lag, perSecond(nowNanos));
  }

  static double secondsToDrain(long lag, double perSecond) {
    if (lag < 0) {
      return Double.NaN;
    }
    if (lag == 0) {
      return 0;
    }
    return perSecond > 0 ? lag / perSecond : Double.NaN;
  }

  private double decayedTo(long nowNanos) {
    long age = Math.max(0, nowNanos - lastNanos);
    return weighted * Math.exp(-age / windowNanos);
  }
}
