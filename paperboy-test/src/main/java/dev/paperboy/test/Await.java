package dev.paperboy.test;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition by polling it until a deadline, for tests of asynchronous behaviour. Never
 * sleep a fixed time to wait for Kafka: poll for what you expect, with a generous deadline, and the
 * test is both fast and stable.
 */
public final class Await {
  private static final long POLL_INTERVAL_MS = 20;

  private Await() {}

  /**
   * Returns as soon as {@code condition} is true; throws an {@link AssertionError} with {@code
   * description} and the time waited if it is still false after {@code timeout}.
   */
  public static void until(
      Duration timeout, BooleanSupplier condition, Supplier<String> description) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "not true within " + timeout.toMillis() + " ms: " + description.get());
      }
      try {
        Thread.sleep(POLL_INTERVAL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + description.get(), e);
      }
    }
  }

  /** {@link #until(Duration, BooleanSupplier, Supplier)} with a fixed description. */
  public static void until(Duration timeout, BooleanSupplier condition, String description) {
    until(timeout, condition, () -> description);
  }
}
