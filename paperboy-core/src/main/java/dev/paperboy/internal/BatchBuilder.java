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
  private final Map<TopicPartition, List<ConsumerRecord<K, V>>> records = new LinkedHashMap<>();
  private int size;
  private long startedNanos;

  BatchBuilder(int maxRecords, long timeoutMs) {
    this.maxRecords = maxRecords;
    this.timeoutNanos = timeoutMs * 1_000_000L;
  }

  /** Adds records of one partition, in offset order, polled at {@code nowNanos}. */
  void add(TopicPartition partition, List<ConsumerRecord<K, V>> polled, long nowNanos) {
    if (polled.isEmpty()) {
      return;
    }
    if (size == 0) {
      startedNanos = nowNanos;
    }
    records.computeIfAbsent(partition, tp -> new ArrayList<>()).addAll(polled);
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
   * Takes the next batch: at most {@code maxRecords} records, oldest partitions first, split per
   * partition. What does not fit stays for the next batch, whose time starts at {@code nowNanos}.
   */
  Map<TopicPartition, List<ConsumerRecord<K, V>>> take(long nowNanos) {
    Map<TopicPartition, List<ConsumerRecord<K, V>>> batch = new LinkedHashMap<>();
    int room = maxRecords;
    Iterator<Map.Entry<TopicPartition, List<ConsumerRecord<K, V>>>> it =
        records.entrySet().iterator();
    while (it.hasNext() && room > 0) {
      Map.Entry<TopicPartition, List<ConsumerRecord<K, V>>> entry = it.next();
      List<ConsumerRecord<K, V>> list = entry.getValue();
      if (list.size() <= room) {
        batch.put(entry.getKey(), list);
        room -= list.size();
        it.remove();
      } else {
        batch.put(entry.getKey(), new ArrayList<>(list.subList(0, room)));
        entry.setValue(new ArrayList<>(list.subList(room, list.size())));
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
      List<ConsumerRecord<K, V>> removed = records.remove(tp);
      if (removed != null) {
        size -= removed.size();
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
}
