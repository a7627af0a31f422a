package dev.paperboy.internal;

/**
 * Where the poll thread hands one partition's work: a {@link PartitionLane} handles it in offset
 * order, a {@link ConcurrentLane} by key or in any order. Either way the poll thread reads, without
 * blocking, how far the partition got and how much is still pending, and closes it on revocation or
 * shutdown.
 */
interface Lane<K, V> {
  /** Queues work behind everything already queued. Poll thread only. */
  void submit(Work<K, V> work);

  /**
   * The offset below which every record of the partition is handled (or deliberately skipped), or
   * -1 before the first: the offset that may be committed.
   */
  long handledOffset();

  /**
   * Offsets at or above {@code base} already handled, for a commit of {@code base}, encoded as
   * {@link CompletedOffsets} commit metadata; empty when there are none. Poll thread only.
   */
  String completedAbove(long base);

  /**
   * Records handed over and not committable yet: queued, in progress, or finished while a record
   * before them is not. They count against the partition's pause limit.
   */
  int pending();

  /** Serialized bytes of the {@link #pending()} records. */
  long pendingBytes();

  /** The error that stopped the partition's handling, or null. */
  LaneFailure failure();

  /** Asks the lane to wake the poll thread once at most {@code mark} records are pending. */
  void wakeWhenPendingAtMost(int mark);

  /**
   * Stops handling: work not started is dropped (it was not handled, so it is not committed and is
   * redelivered), a backoff is cut short, and handlers in progress finish their step. Any thread.
   */
  void close();

  /**
   * Waits until no handler of this lane is running or about to, at most {@code timeoutNanos};
   * returns whether it is idle.
   */
  boolean awaitIdle(long timeoutNanos) throws InterruptedException;
}
