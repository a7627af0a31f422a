package dev.paperboy.demo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Counts the records a handler handled, and checks them against the log: per partition it expects
 * offsets 0, 1, 2 and so on, so a record handled twice counts as redelivered and an offset jumped
 * over counts as skipped. The demo's topics are new and never compacted while it runs, so on a
 * correct engine both stay zero.
 *
 * <p>Thread-safe: lanes of different partitions record at the same time.
 */
final class HandledTally {
  private final Map<Integer, Partition> partitions = new ConcurrentHashMap<>();
  private final LongAdder handled = new LongAdder();
  private final LongAdder redelivered = new LongAdder();
  private final LongAdder skipped = new LongAdder();

  /** Counts one handled record. */
  void record(ConsumerRecord<?, ?> record) {
    partitions.computeIfAbsent(record.partition(), p -> new Partition()).record(record.offset());
    handled.increment();
  }

  /** Records handled, redeliveries included. */
  long handled() {
    return handled.sum();
  }

  /** Records handled again: offsets at or below one handled before in their partition. */
  long redelivered() {
    return redelivered.sum();
  }

  /** Offsets jumped over: records never handled although a later one of the partition was. */
  long skipped() {
    return skipped.sum();
  }

  /** The next offset expected in {@code partition}: everything below it was handled. */
  long position(int partition) {
    Partition p = partitions.get(partition);
    return p == null ? 0 : p.position();
  }

  /** Offset bookkeeping of one partition; its lane records from one thread at a time. */
  private final class Partition {
    private long next;

    synchronized void record(long offset) {
      if (offset < next) {
        redelivered.increment();
        return;
      }
      if (offset > next) {
        skipped.add(offset - next);
      }
      next = offset + 1;
    }

    synchronized long position() {
      return next;
    }
  }
}
