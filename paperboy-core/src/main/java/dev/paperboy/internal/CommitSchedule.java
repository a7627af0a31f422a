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

  /**
   * Sends a timed commit through {@code committer} when one is due at {@code nowNanos}. A commit
   * still in flight defers it without starting a new interval: only a commit sent (or found with
   * nothing new to send) does, so records handled since the last commit are never left for two
   * intervals.
   */
  void commitIfDue(Committer committer, long nowNanos) {
    if (isDue(nowNanos) && !committer.inFlight(nowNanos)) {
      committer.commitAsync(nowNanos);
      committed(nowNanos);
    }
  }

  /** A commit was sent at {@code nowNanos}; the next is due one interval later. */
  void committed(long nowNanos) {
    lastCommitNanos = nowNanos;
  }
}
