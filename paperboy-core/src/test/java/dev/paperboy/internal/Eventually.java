package dev.paperboy.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits, in tests, for a condition another thread makes true: polled every millisecond. */
public final class Eventually {
  private static final long DEFAULT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private Eventually() {}

  /** Whether {@code condition} became true within {@code timeoutNanos}. */
  public static boolean within(long timeoutNanos, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeoutNanos;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    return true;
  }

  /** Waits up to ten seconds for {@code condition}; fails the test if it stays false. */
  public static void await(BooleanSupplier condition) {
    await("a condition", condition);
  }

  /** Waits up to ten seconds for {@code condition}, described as {@code what} if it stays false. */
  public static void await(String what, BooleanSupplier condition) {
    if (!within(DEFAULT_TIMEOUT_NANOS, condition)) {
      throw new AssertionError("not within 10 s: " + what);
    }
  }
}
