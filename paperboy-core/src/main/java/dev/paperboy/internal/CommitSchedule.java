package dev.paperboy.internal;

/**
 * When the next timed commit is due, in single mode. Time is passed in (monotonic nanoseconds), so
 * tests step through it with numbers; the poll thread asks it how long it may block in {@code
 * poll}.
 */
final class CommitSchedule {
  private final long intervalNanos;
  private long lastCommitNanos;

  CommitSchedule(long intervalMs, long nowNanos) {
    this.intervalNanos = intervalMs * 1_000_000L;
    this.lastCommitNanos = nowNanos;
  }

  /** Whether a timed commit is due at {@code nowNanos}. */
  boolean isDue(long nowNanos) {
    return nowNanos - lastCommitNanos >= intervalNanos;
  }

  /** Nanoseconds from {@code nowNanos} until the next commit is due; 0 if it is due already. */
  long nanosUntilDue(long nowNanos) {
    return Math.max(0, intervalNanos - (nowNanos - lastCommitNanos));
  }

  /** A commit was sent at {@code nowNanos}; the next is due one interval later. */
  void committed(long nowNanos) {
    lastCommitNanos = nowNanos;
  }
}
