package dev.paperboy.internal;

/**
 * Runs a task after a delay. A lane backing off before its next attempt hands its resumption to the
 * timer and gives its handler thread back, so a backoff holds no thread. Tests pass one they run by
 * hand.
 */
@FunctionalInterface
interface RetryTimer {
  /** Runs {@code task} once, {@code delayMs} from now, on a thread of the timer's. */
  void schedule(long delayMs, Runnable task);
}
