package dev.paperboy.internal;

import java.util.ArrayDeque;
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
 *
 * <p>It keeps each poll's records of a partition as they came, with the bytes counted when they
 * were polled, and copies references only once, when it takes a batch. Only the one poll's worth of
 * records where a batch ends is looked at again (to count the bytes on each side of the cut): a
 * batch of 10,000 records is taken long after its records left the CPU's cache, and counting the
 * bytes of a split again record by record cost the poll thread about as much as counting them when
 * they were polled.
 */
final class BatchBuilder<K, V> {
  private final int maxRecords;
  private final long maxBytes;
  private final long timeoutNanos;
  private final Map<TopicPartition, Part<K, V>> parts = new LinkedHashMap<>();
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
   * their serialized size ({@link Work#bytesOf}). The list is kept, not copied: it must not change.
   */
  void add(TopicPartition partition, List<ConsumerRecord<K, V>> polled, long bytes, long nowNanos) {
    if (polled.isEmpty()) {
      return;
    }
    if (size == 0) {
      startedNanos = nowNanos;
    }
    parts.computeIfAbsent(partition, tp -> new Part<>()).add(new Chunk<>(polled, bytes));
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
    Iterator<Map.Entry<TopicPartition, Part<K, V>>> it = parts.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<TopicPartition, Part<K, V>> entry = it.next();
      Part<K, V> part = entry.getValue();
      Work<K, V> work = part.take(roomRecords, roomBytes, batch.isEmpty());
      if (work == null) {
        break;
      }
      if (part.size == 0) {
        it.remove();
      }
      batch.put(entry.getKey(), work);
      size -= work.size();
      bytes -= work.bytes();
      roomRecords -= work.size();
      roomBytes -= work.bytes();
      if (part.size > 0) {
        break; // the batch is full: the partition's next record does not fit
      }
    }
    startedNanos = nowNanos;
    return batch;
  }

  /** Forgets the records of partitions that were revoked: they are not handled here. */
  void drop(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      Part<K, V> removed = parts.remove(tp);
      if (removed != null) {
        size -= removed.size;
        bytes -= removed.bytes;
      }
    }
  }

  /** Forgets everything, on shutdown: the records are redelivered to the next consumer. */
  void clear() {
    parts.clear();
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
    Part<K, V> part = parts.get(partition);
    return part == null ? 0 : part.size;
  }

  /** Whether records of {@code partition} are waiting. */
  boolean holds(TopicPartition partition) {
    return parts.containsKey(partition);
  }

  /** The records one poll brought of one partition, in offset order, and their serialized bytes. */
  private record Chunk<K, V>(List<ConsumerRecord<K, V>> records, long bytes) {}

  /** The records of one partition waiting in the batch, poll by poll. */
  private static final class Part<K, V> {
    private final ArrayDeque<Chunk<K, V>> chunks = new ArrayDeque<>();
    private int size;
    private long bytes;

    void add(Chunk<K, V> chunk) {
      chunks.addLast(chunk);
      size += chunk.records().size();
      bytes += chunk.bytes();
    }

    /**
     * Takes this partition's first records that fit in the room left, whole polls first; at least
     * one record if the batch is still {@code empty}, however large. Null if none fits.
     */
    Work<K, V> take(int roomRecords, long roomBytes, boolean empty) {
      List<ConsumerRecord<K, V>> taken = new ArrayList<>(Math.min(size, roomRecords));
      long takenBytes = 0;
      while (!chunks.isEmpty()) {
        Chunk<K, V> chunk = chunks.peekFirst();
        int records = chunk.records().size();
        if (records <= roomRecords - taken.size() && chunk.bytes() <= roomBytes - takenBytes) {
          taken.addAll(chunk.records());
          takenBytes += chunk.bytes();
          chunks.pollFirst();
          continue;
        }
        Chunk<K, V> head =
            head(
                chunk,
                roomRecords - taken.size(),
                roomBytes - takenBytes,
                empty && taken.isEmpty());
        if (head != null) {
          taken.addAll(head.records());
          takenBytes += head.bytes();
          chunks.pollFirst();
          chunks.addFirst(
              new Chunk<>(
                  new ArrayList<>(chunk.records().subList(head.records().size(), records)),
                  chunk.bytes() - head.bytes()));
        }
        break;
      }
      if (taken.isEmpty()) {
        return null;
      }
      size -= taken.size();
      bytes -= takenBytes;
      return Work.batch(taken, takenBytes);
    }

    /**
     * The first records of {@code chunk} that fit in the room left, with their bytes; at least one
     * if {@code empty}. Null if none fits. Counts the bytes on the shorter side of the cut.
     */
    private static <K, V> Chunk<K, V> head(
        Chunk<K, V> chunk, int roomRecords, long roomBytes, boolean empty) {
      List<ConsumerRecord<K, V>> records = chunk.records();
      int fit = Math.min(records.size(), roomRecords);
      if (fit == 0) {
        return null;
      }
      if (chunk.bytes() <= roomBytes) { // sizes are never negative: any head fits too
        return new Chunk<>(records.subList(0, fit), bytesOfHead(chunk, fit));
      }
      int count = 0;
      long countBytes = 0;
      while (count < fit) {
        long next = Work.sizeOf(records.get(count));
        if (countBytes + next > roomBytes && !(empty && count == 0)) {
          break;
        }
        countBytes += next;
        count++;
      }
      return count == 0 ? null : new Chunk<>(records.subList(0, count), countBytes);
    }

    /**
     * The bytes of the first {@code count} records of {@code chunk}, counting the fewer records.
     */
    private static long bytesOfHead(Chunk<?, ?> chunk, int count) {
      List<? extends ConsumerRecord<?, ?>> records = chunk.records();
      if (count <= records.size() / 2) {
        return Work.bytesOf(records.subList(0, count));
      }
      return chunk.bytes() - Work.bytesOf(records.subList(count, records.size()));
    }
  }
}
