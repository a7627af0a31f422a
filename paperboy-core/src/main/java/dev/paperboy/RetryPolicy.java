package dev.paperboy;

import java.time.Duration;

/**
 * How often a failed record (or batch) is handled again before it counts as an error, and how long
 * the engine waits between attempts. Immutable; made by the named factories.
 *
 * <p>Retries run on the partition's lane: the partition's later records wait (order is kept), the
 * other partitions keep flowing, and the poll thread keeps polling with the partition paused, so a
 * long backoff never exceeds {@code max.poll.interval.ms}. A shutdown or revocation cuts a backoff
 * short; the record is then not committed and is delivered again.
 *
 * <pre>{@code
 * RetryPolicy.ofExponentialBackoff(5, Duration.ofMillis(100), 2.0, Duration.ofSeconds(5))
 * // attempts 1..5, waiting 100 ms, 200 ms, 400 ms, 800 ms between them
 * }</pre>
 */
public final class RetryPolicy {
  private static final RetryPolicy NONE = new RetryPolicy(1, 0, 1.0, 0);

  private final int maxAttempts;
  private final long initialBackoffMs;
  private final double multiplier;
  private final long maxBackoffMs;

  private RetryPolicy(
      int maxAttempts, long initialBackoffMs, double multiplier, long maxBackoffMs) {
    this.maxAttempts = maxAttempts;
    this.initialBackoffMs = initialBackoffMs;
    this.multiplier = multiplier;
    this.maxBackoffMs = maxBackoffMs;
  }

  /** One attempt, no retry: the default. */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * Up to {@code maxAttempts} attempts in all; before attempt {@code n + 1} the engine waits {@code
   * initialBackoff * multiplier^(n - 1)}, capped at {@code maxBackoff}.
   *
   * @throws IllegalArgumentException naming the offending argument
   */
  public static RetryPolicy ofExponentialBackoff(
      int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
    }
    if (initialBackoff == null || initialBackoff.isNegative()) {
      throw new IllegalArgumentException("initialBackoff must be >= 0: " + initialBackoff);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be >= 1: " + multiplier);
    }
    if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff must be >= initialBackoff (" + initialBackoff + "): " + maxBackoff);
    }
    return new RetryPolicy(
        maxAttempts, initialBackoff.toMillis(), multiplier, maxBackoff.toMillis());
  }

  /** {@code maxAttempts} attempts with the same {@code backoff} between them. */
  public static RetryPolicy ofFixedBackoff(int maxAttempts, Duration backoff) {
    return ofExponentialBackoff(maxAttempts, backoff, 1.0, backoff);
  }

  /** The most attempts, the first included; 1 means no retry. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Milliseconds to wait after failed attempt number {@code attempt} (counted from 1). */
  public long backoffMs(int attempt) {
    double backoff = initialBackoffMs * Math.pow(multiplier, Math.max(0, attempt - 1));
    return (long) Math.min(backoff, maxBackoffMs);
  }

  @Override
  public String toString() {
    return maxAttempts == 1
        ? "RetryPolicy{none}"
        : "RetryPolicy{maxAttempts="
            + maxAttempts
            + ", initialBackoffMs="
            + initialBackoffMs
            + ", multiplier="
            + multiplier
            + ", maxBackoffMs="
            + maxBackoffMs
            + "}";
  }
}
