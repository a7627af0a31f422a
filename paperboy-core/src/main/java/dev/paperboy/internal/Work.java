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
   * The serialized bytes of the records' keys and values, estimated from the first and the last
   * record: records of one partition fetched together are alike in size, and reading the size of
   * every record cost the poll thread several percent of its time in the benchmark. The estimate
   * feeds the pause limit, which the record limit bounds as well.
   */
  static long bytesOf(List<? extends ConsumerRecord<?, ?>> records) {
    if (records.isEmpty()) {
      return 0;
    }
    long first = sizeOf(records.get(0));
    long last = sizeOf(records.get(records.size() - 1));
    return (first + last) * records.size() / 2;
  }

  private static long sizeOf(ConsumerRecord<?, ?> record) {
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
