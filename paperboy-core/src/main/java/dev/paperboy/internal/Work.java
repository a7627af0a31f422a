package dev.paperboy.internal;

import dev.paperboy.PoisonPill;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A unit of work for a partition lane: records of one partition in offset order, handled one by one
 * (single mode) or as one batch (bulk mode), or a poison pill to dead-letter or skip in its place
 * in the partition's order.
 */
final class Work<K, V> {
  enum Kind {
    /** Each record is handled on its own, with its own context. */
    RECORDS,
    /** The records are handled as one batch, acknowledged together. */
    BATCH,
    /** A record the consumer could not deserialize. */
    POISON_PILL
  }

  private final Kind kind;
  private final List<ConsumerRecord<K, V>> records;
  private final PoisonPill pill;
  private final long bytes;

  private Work(Kind kind, List<ConsumerRecord<K, V>> records, long bytes, PoisonPill pill) {
    this.kind = kind;
    this.records = records;
    this.bytes = bytes;
    this.pill = pill;
  }

  /** Records to handle one by one; {@code bytes} as counted by {@link #bytesOf}. */
  static <K, V> Work<K, V> records(List<ConsumerRecord<K, V>> records, long bytes) {
    return new Work<>(Kind.RECORDS, records, bytes, null);
  }

  /** Records to handle as one batch; {@code bytes} as counted by {@link #bytesOf}. */
  static <K, V> Work<K, V> batch(List<ConsumerRecord<K, V>> records, long bytes) {
    return new Work<>(Kind.BATCH, records, bytes, null);
  }

  static <K, V> Work<K, V> poisonPill(PoisonPill pill) {
    return new Work<>(Kind.POISON_PILL, List.of(), 0, pill);
  }

  Kind kind() {
    return kind;
  }

  List<ConsumerRecord<K, V>> records() {
    return records;
  }

  PoisonPill pill() {
    return pill;
  }

  /** Records this work stands for, in the lane's pending count. */
  int size() {
    return pill != null ? 1 : records.size();
  }

  /** Serialized bytes of the records' keys and values, for the lane's memory bound. */
  long bytes() {
    return bytes;
  }

  /**
   * The serialized bytes of the records' keys and values, every record counted (a missing key or
   * value counts 0). Exact, not estimated from a few records: sizes within one poll can differ by
   * orders of magnitude, and the memory bounds (the pause limit, the batch's byte bound) are only
   * as good as this count. The poll loop counts right after the poll, while the records are still
   * in the CPU's cache.
   */
  static long bytesOf(List<? extends ConsumerRecord<?, ?>> records) {
    long bytes = 0;
    for (ConsumerRecord<?, ?> record : records) {
      bytes += sizeOf(record);
    }
    return bytes;
  }

  /** The serialized bytes of one record's key and value; a missing one counts 0. */
  static long sizeOf(ConsumerRecord<?, ?> record) {
    return Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
  }

  /** The offset of the first record. */
  long firstOffset() {
    return pill != null ? pill.offset() : records.get(0).offset();
  }

  /** The offset after the last record. */
  long nextOffset() {
    return pill != null ? pill.offset() + 1 : records.get(records.size() - 1).offset() + 1;
  }
}
