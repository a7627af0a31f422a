package dev.paperboy.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A {@link ConcurrentLane}'s {@link CompletionWindow}, shared by the poll thread and the handler
 * threads: the poll thread enters the records it hands over, handler threads mark them done, and
 * each change publishes the window's committable offset, pending count and pending bytes to
 * volatile fields, which the poll thread reads without blocking.
 *
 * <p>One lock guards the window, held for bookkeeping only, never around a handler: the poll thread
 * takes it to enter a poll's records and to read what a commit carries, a handler thread after each
 * record. The published fields are written only under it.
 */
final class CompletionTracker<K, V> {
  private final Object lock = new Object();

  // Guarded by lock.
  private final CompletionWindow window = new CompletionWindow();

  // Written under lock (publish), read without it.
  private volatile long handledOffset = -1;
  private volatile int pending;
  private volatile long pendingBytes;

  /**
   * Records a previous owner already handled: the offsets {@code committed + i} for each bit {@code
   * i} of {@code completed}, read from the commit's metadata. They are skipped when they arrive.
   * Poll thread, before the first {@link #admit}.
   */
  void skipCompleted(long committed, BitSet completed) {
    synchronized (lock) {
      window.completedBefore(committed, completed);
    }
  }

  /**
   * Puts the work's records in the window, those a previous owner handled already done (so the
   * commits keep carrying them while a record below is in progress); returns the work left to do,
   * or null if none. Poll thread.
   */
  Work<K, V> admit(Work<K, V> work) {
    synchronized (lock) {
      Work<K, V> todo = enter(work);
      window.dropDoneHead();
      publish();
      return todo;
    }
  }

  /** Enters {@code work}'s records; returns what is left to do, or null. Holding the lock. */
  private Work<K, V> enter(Work<K, V> work) {
    if (work.kind() == Work.Kind.POISON_PILL) {
      return window.enter(work.firstOffset(), 0) ? work : null;
    }
    List<ConsumerRecord<K, V>> records = work.records();
    List<ConsumerRecord<K, V>> kept = null;
    for (int i = 0; i < records.size(); i++) {
      ConsumerRecord<K, V> record = records.get(i);
      if (!window.enter(record.offset(), Work.sizeOf(record))) {
        if (kept == null) {
          kept = new ArrayList<>(records.subList(0, i));
        }
      } else if (kept != null) {
        kept.add(record);
      }
    }
    if (kept == null) {
      return work;
    }
    if (kept.isEmpty()) {
      return null;
    }
    return work.kind() == Work.Kind.BATCH
        ? Work.batch(kept, Work.bytesOf(kept))
        : Work.records(kept, Work.bytesOf(kept));
  }

  /**
   * The records {@code from} (inclusive) to {@code to} (exclusive) of {@code work} are done
   * (handled, dead-lettered or skipped). Handler thread.
   */
  void done(Work<K, V> work, int from, int to) {
    synchronized (lock) {
      for (int i = from; i < to; i++) {
        long offset =
            work.kind() == Work.Kind.POISON_PILL
                ? work.firstOffset()
                : work.records().get(i).offset();
        window.done(offset);
      }
      window.dropDoneHead();
      publish();
    }
  }

  /** Makes the window's state readable without the lock. Holding the lock. */
  private void publish() {
    pending = window.size();
    pendingBytes = window.bytes();
    handledOffset = window.committable();
  }

  /** The first offset of the window not done: the committable offset; -1 before the first. */
  long handledOffset() {
    return handledOffset;
  }

  /**
   * Offsets at or above {@code base} done, as {@link CompletedOffsets} commit metadata. Poll
   * thread.
   */
  String completedAbove(long base) {
    synchronized (lock) {
      return window.completedAbove(base);
    }
  }

  /** Records in the window, done or not: what counts against the pause limit. */
  int pending() {
    return pending;
  }

  /** Serialized bytes of the records in the window not done yet. */
  long pendingBytes() {
    return pendingBytes;
  }
}
