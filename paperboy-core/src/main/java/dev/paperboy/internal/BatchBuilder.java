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
 * Collects polled records into the next bulk-mode batch: until it holds {@code maxRecords}, or
 * until {@code timeoutNanos} passed since its first record arrived. An empty builder never becomes
 * ready, so an empty poll hands nothing over.
 *
 * <p>A batch spans partitions; {@link #take} splits it per partition, each list in offset order,
 * and never returns more than {@code maxRecords} in all. Time is passed in (monotonic nanoseconds).
 * Used by the poll thread only.
 */
final class BatchBuilder<K, V> {
  private final int maxRecords;
  private final long timeoutNanos;
  private final Map<TopicPartition, Part<K, V>> records = new LinkedHashMap<>();
  private int size;
  private long startedNanos;

  BatchBuilder(int maxRecords, long timeoutMs) {
    this.maxRecords = maxRecords;
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
  }

  /** Whether a batch should be handed over at {@code nowNanos}: it is full, or its time is up. */
  boolean isReady(long nowNanos) {
    return size >= maxRecords || (size > 0 && nowNanos - startedNanos >= timeoutNanos);
  }

  /** Nanoseconds until the batch is ready by time; {@link Long#MAX_VALUE} when empty. */
  long nanosUntilReady(long nowNanos) {
    if (size == 0) {
      return Long.MAX_VALUE;
    }
    if (size >= maxRecords) {
      return 0;
    }
    return Math.max(0, timeoutNanos - (nowNanos - startedNanos));
  }

  /**
   * Takes the next batch: at most {@code maxRecords} records, oldest partitions first, as one unit
   * of work per partition. What does not fit stays for the next batch, whose time starts at {@code
   * nowNanos}.
   */
  Map<TopicPartition, Work<K, V>> take(long nowNanos) {
    Map<TopicPartition, Work<K, V>> batch = new LinkedHashMap<>();
    int room = maxRecords;
    Iterator<Map.Entry<TopicPartition, Part<K, V>>> it = records.entrySet().iterator();
    while (it.hasNext() && room > 0) {
      Map.Entry<TopicPartition, Part<K, V>> entry = it.next();
      Part<K, V> part = entry.getValue();
      if (part.records.size() <= room) {
        batch.put(entry.getKey(), Work.batch(part.records, part.bytes));
        room -= part.records.size();
        it.remove();
      } else {
        List<ConsumerRecord<K, V>> taken = new ArrayList<>(part.records.subList(0, room));
        long takenBytes = Work.bytesOf(taken);
        batch.put(entry.getKey(), Work.batch(taken, takenBytes));
        entry.setValue(
            new Part<>(
                new ArrayList<>(part.records.subList(room, part.records.size())),
                part.bytes - takenBytes));
        room = 0;
      }
    }
    size -= maxRecords - room;
    startedNanos = nowNanos;
    return batch;
  }

  /** Forgets the records of partitions that were revoked: they are not handled here. */
  void drop(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      Part<K, V> removed = records.remove(tp);
      if (removed != null) {
        size -= removed.records.size();
      }
    }
  }

  /** Forgets everything, on shutdown: the records are redelivered to the next consumer. */
  void clear() {
    records.clear();
    size = 0;
  }

  /** Records waiting for the next batch. */
  int size() {
    return size;
  }

  /** Whether records of {@code partition} are waiting. */
  boolean holds(TopicPartition partition) {
    return records.containsKey(partition);
  }

  /** The records of one partition waiting in the batch, and their serialized bytes. */
  private record Part<K, V>(List<ConsumerRecord<K, V>> records, long bytes) {}
}
