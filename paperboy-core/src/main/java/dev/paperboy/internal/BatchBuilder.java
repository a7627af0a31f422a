package dev.paperboy.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Collects polled records into the next bulk-mode batch: until it holds {@code maxRecords} records
 * or {@code maxBytes} serialized bytes, or until {@code timeoutNanos} passed since its first record
 * arrived. An empty builder never becomes ready, so an empty poll hands nothing over.
 *
 * <p>A batch spans partitions; {@link #take} splits it per partition, each list in offset order,
 * and never returns more than {@code maxRecords} records nor more than {@code maxBytes} bytes in
 * all, except that a single record larger than {@code maxBytes} is a batch of its own: the byte
 * bound keeps a topic of large records from building batches of gigabytes, and a record is never
 * split or stuck. Time is passed in (monotonic nanoseconds). Used by the poll thread only.
 */
final class BatchBuilder<K, V> {
  private final int maxRecords;
  private final long maxBytes;
  private final long timeoutNanos;
  private final Map<TopicPartition, Part<K, V>> records = new LinkedHashMap<>();
  private int size;
  private long bytes;
  private long startedNanos;

  BatchBuilder(int maxRecords, long maxBytes, long timeoutMs) {
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
    this.timeoutNanos = timeoutMs * 1_000_000L;
  }

  /**
   * Adds records of one partition, in offset order, polled at {@code nowNanos}; {@code bytes} is
   * their serialized size ({@link Work#bytesOf}).
   */
  void add(TopicPartition partition, List<ConsumerRecord<K, V>> polled, long bytes, long nowNanos) {
    if (polled.isEmpty()) {
      return;
    }
    if (size == 0) {
      startedNanos = nowNanos;
    }
    Part<K, V> part = records.computeIfAbsent(partition, tp -> new Part<>(new ArrayList<>(), 0));
    part.records.addAll(polled);
    records.put(partition, new Part<>(part.records, part.bytes + bytes));
    size += polled.size();
    this.bytes += bytes;
  }

  /** Whether a batch should be handed over at {@code nowNanos}: it is full, or its time is up. */
  boolean isReady(long nowNanos) {
    return size > 0 && (isFull() || nowNanos - startedNanos >= timeoutNanos);
  }

  /** Nanoseconds until the batch is ready: 0 when full, {@link Long#MAX_VALUE} when empty. */
  long nanosUntilReady(long nowNanos) {
    if (size == 0) {
      return Long.MAX_VALUE;
    }
    if (isFull()) {
      return 0;
    }
    return Math.max(0, timeoutNanos - (nowNanos - startedNanos));
  }

  private boolean isFull() {
    return size >= maxRecords || bytes >= maxBytes;
  }

  /**
   * Takes the next batch, oldest partitions first, as one unit of work per partition: at most
   * {@code maxRecords} records and at most {@code maxBytes} bytes, but at least one record if any
   * waits. What does not fit stays for the next batch, whose time starts at {@code nowNanos}.
   */
  Map<TopicPartition, Work<K, V>> take(long nowNanos) {
    Map<TopicPartition, Work<K, V>> batch = new LinkedHashMap<>();
    int roomRecords = maxRecords;
    long roomBytes = maxBytes;
    Iterator<Map.Entry<TopicPartition, Part<K, V>>> it = records.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<TopicPartition, Part<K, V>> entry = it.next();
      Part<K, V> part = entry.getValue();
      int count = fitting(part, roomRecords, roomBytes, batch.isEmpty());
      if (count == 0) {
        break;
      }
      Work<K, V> work;
      if (count == part.records.size()) {
        work = Work.batch(part.records, part.bytes);
        it.remove();
      } else {
        List<ConsumerRecord<K, V>> taken = new ArrayList<>(part.records.subList(0, count));
        work = Work.batch(taken, Work.bytesOf(taken));
        List<ConsumerRecord<K, V>> rest =
            new ArrayList<>(part.records.subList(count, part.records.size()));
        entry.setValue(new Part<>(rest, part.bytes - work.bytes()));
      }
      batch.put(entry.getKey(), work);
      size -= work.size();
      bytes -= work.bytes();
      roomRecords -= work.size();
      roomBytes -= work.bytes();
      if (count < part.records.size()) {
        break; // the batch is full: the partition's next record does not fit
      }
    }
    startedNanos = nowNanos;
    return batch;
  }

  /**
   * How many of the part's first records fit in the room left; at least one if the batch is still
   * {@code empty}, however large that record.
   */
  private static int fitting(Part<?, ?> part, int roomRecords, long roomBytes, boolean empty) {
    int fit = Math.min(part.records.size(), roomRecords);
    if (part.bytes <= roomBytes) {
      return fit; // sizes are never negative: no prefix exceeds the room either
    }
    int count = 0;
    long countBytes = 0;
    while (count < fit) {
      long next = Work.sizeOf(part.records.get(count));
      if (countBytes + next > roomBytes && !(empty && count == 0)) {
        break;
      }
      countBytes += next;
      count++;
    }
    return count;
  }

  /** Forgets the records of partitions that were revoked: they are not handled here. */
  void drop(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      Part<K, V> removed = records.remove(tp);
      if (removed != null) {
        size -= removed.records.size();
        bytes -= removed.bytes;
      }
    }
  }

  /** Forgets everything, on shutdown: the records are redelivered to the next consumer. */
  void clear() {
    records.clear();
    size = 0;
    bytes = 0;
  }

  /** Records waiting for the next batch. */
  int size() {
    return size;
  }

  /** Serialized bytes of the records waiting for the next batch. */
  long bytes() {
    return bytes;
  }

  /** Records of {@code partition} waiting for the next batch. */
  int size(TopicPartition partition) {
    Part<K, V> part = records.get(partition);
    return part == null ? 0 : part.records().size();
  }

  /** Whether records of {@code partition} are waiting. */
  boolean holds(TopicPartition partition) {
    return records.containsKey(partition);
  }

  /** The records of one partition waiting in the batch, and their serialized bytes. */
  private record Part<K, V>(List<ConsumerRecord<K, V>> records, long bytes) {}
}
